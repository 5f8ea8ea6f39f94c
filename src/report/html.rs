//! `report.html`: the run's manifest, its headline table and every figure in one
//! self-contained file that opens offline — figures are inline SVG, the style sheet is inline,
//! there are no scripts and no links to other files or sites.

use crate::report::backend::{Rendered, xml_escape};
use crate::report::manifest::Manifest;
use crate::report::run_folder::RunData;
use crate::report::tables::{Headline, plain_cell};
use serde_json::Value;

const STYLE: &str = "
body { font-family: 'DejaVu Sans', Verdana, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { padding: 0.25rem 0.7rem; text-align: right; border-bottom: 1px solid #ddd; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #222; vertical-align: bottom; }
table.kv td { text-align: left; } table.kv td:first-child { color: #555; }
code { font-size: 0.88rem; word-break: break-all; }
figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.92rem; color: #333; max-width: 44rem; }
p.note { font-size: 0.9rem; color: #444; max-width: 44rem; }
";

/// The manifest entries shown first, with their labels.
const MANIFEST_KEYS: [(&str, &str); 16] = [
    ("run", "run"),
    ("status", "status"),
    ("error", "error"),
    ("resume_with", "resume with"),
    ("samples", "samples"),
    ("method", "method"),
    ("design", "design"),
    ("seed", "seed"),
    ("confidence", "confidence level"),
    ("allocation", "allocation"),
    ("default_shape", "default distribution shape"),
    ("home_country", "home country"),
    ("uncertain_parameters", "uncertain parameters"),
    ("start_time", "started (UTC)"),
    ("elapsed_seconds", "elapsed (s)"),
    ("command_line", "command line"),
];

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "–".to_string(),
        other => other.to_string(),
    }
}

fn manifest_section(manifest: Option<&Manifest>) -> String {
    let Some(manifest) = manifest else {
        return "<p>This run folder has no <code>manifest.json</code>.</p>\n".to_string();
    };
    let m = &manifest.to_value();
    let mut out = String::from("<table class=\"kv\">\n<tbody>\n");
    if let Some(e) = &manifest.engine {
        out.push_str(&format!(
            "<tr><td>engine</td><td>{} {}</td></tr>\n",
            xml_escape(&e.name),
            xml_escape(&e.version)
        ));
    }
    for (key, label) in MANIFEST_KEYS {
        if let Some(v) = m.get(key) {
            out.push_str(&format!(
                "<tr><td>{}</td><td><code>{}</code></td></tr>\n",
                xml_escape(label),
                xml_escape(&json_text(v))
            ));
        }
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(sc) = &manifest.scenarios
        && !sc.is_empty()
    {
        out.push_str("<p>Scenarios:</p>\n<ul>\n");
        for s in sc {
            out.push_str(&format!(
                "<li><code>{}</code>: {}</li>\n",
                xml_escape(&s.name),
                xml_escape(&s.description)
            ));
        }
        out.push_str("</ul>\n");
    }
    if let Some(inputs) = &manifest.inputs {
        out.push_str("<details>\n<summary>Input files and their SHA-256</summary>\n");
        out.push_str("<table class=\"kv\">\n<tbody>\n");
        for (path, hash) in inputs {
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td><code>{}</code></td></tr>\n",
                xml_escape(path),
                xml_escape(hash)
            ));
        }
        out.push_str("</tbody>\n</table>\n</details>\n");
    }
    let pretty = serde_json::to_string_pretty(m).unwrap_or_default();
    out.push_str("<details>\n<summary>Full manifest.json</summary>\n<pre>");
    out.push_str(&xml_escape(&pretty));
    out.push_str("</pre>\n</details>\n");
    out
}

fn table_section(h: &Headline) -> String {
    let mut out = String::from("<table class=\"summary\">\n<thead>\n<tr><th>vehicle</th>");
    for (t, u) in h.titles.iter().zip(&h.units) {
        if u.is_empty() {
            out.push_str(&format!("<th>{}</th>", xml_escape(t)));
        } else {
            out.push_str(&format!(
                "<th>{}<br>({})</th>",
                xml_escape(t),
                xml_escape(u)
            ));
        }
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for (v, cells) in &h.rows {
        out.push_str(&format!("<tr><td>{}</td>", xml_escape(v)));
        for c in cells {
            out.push_str(&format!("<td>{}</td>", xml_escape(&plain_cell(c))));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&format!(
        "<p class=\"note\">{}</p>\n",
        xml_escape(&h.note())
    ));
    out
}

/// Drops an XML declaration or doctype in front of an SVG document, for inline use.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// The whole `report.html`.
pub fn report_html(data: &RunData, figures: &[Rendered]) -> String {
    let run = data
        .manifest
        .as_ref()
        .and_then(|m| m.run.clone())
        .unwrap_or_else(|| "run".to_string());
    let headline = Headline::build(&data.summary, &|v| data.label(v));
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>hiddenflow: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        xml_escape(&run)
    ));
    out.push_str(&format!(
        "<h1>Total material requirement of vehicles: run <code>{}</code></h1>\n",
        xml_escape(&run)
    ));
    out.push_str("<h2 id=\"run\">Run</h2>\n");
    out.push_str(&manifest_section(data.manifest.as_ref()));
    out.push_str("<h2 id=\"summary\">Headline results</h2>\n");
    out.push_str(&table_section(&headline));
    out.push_str("<h2 id=\"figures\">Figures</h2>\n");
    for (i, f) in figures.iter().enumerate() {
        out.push_str(&format!(
            "<figure id=\"{}\">\n{}<figcaption><b>Figure {}.</b> {} (<code>{}.svg</code>, <code>{}.png</code>)</figcaption>\n</figure>\n",
            xml_escape(&f.name),
            inline_svg(&f.svg),
            i + 1,
            xml_escape(&f.caption),
            xml_escape(&f.name),
            xml_escape(&f.name),
        ));
    }
    out.push_str("</body>\n</html>\n");
    out
}
