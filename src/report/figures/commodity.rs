//! `fig_commodity`: mean TMR (or hidden flows) by commodity, stacked.

use super::stack::{StackFigure, top_categories};
use super::*;

pub(super) fn commodity_figure(data: &RunData, tmr: &[Stat]) -> Result<Option<StackFigure>> {
    // Hidden flows by commodity where the run has them (with the hidden-flows band), else
    // the TMR by commodity of older runs (with the TMR band).
    let (hidden_per, hidden_order) = data.breakdown("hidden_commodity")?;
    let hidden_stats: Option<Vec<Stat>> = data
        .summary
        .vehicles
        .iter()
        .map(|v| data.summary.get(v, "hidden_flows").cloned())
        .collect();
    let hidden = !hidden_order.is_empty() && hidden_stats.is_some();
    let (per, order) = if hidden {
        (hidden_per, hidden_order)
    } else {
        data.breakdown("commodity")?
    };
    let hidden_stats = hidden_stats.unwrap_or_default();
    let tmr: &[Stat] = if hidden { &hidden_stats } else { tmr };
    if order.is_empty() {
        return Ok(None);
    }
    let top = top_categories(&per, &order, CATEGORY_COLOURS.len());
    let mut cats: Vec<(String, Vec<String>, RGBColor)> = top
        .iter()
        .enumerate()
        .map(|(i, c)| (pretty(c), vec![c.clone()], CATEGORY_COLOURS[i]))
        .collect();
    let rest: Vec<String> = order.iter().filter(|c| !top.contains(c)).cloned().collect();
    let rest_positive = per
        .iter()
        .any(|m| rest.iter().any(|c| m.get(c).is_some_and(|x| *x > 0.0)));
    if rest_positive {
        cats.push(("other".to_string(), rest, OTHER_GREY));
    }
    let categories: Vec<(String, RGBColor)> =
        cats.iter().map(|(l, _, c)| (l.clone(), *c)).collect();
    // Per vehicle, the sum of each shown category's members.
    let values = per
        .iter()
        .map(|m| {
            cats.iter()
                .map(|(_, members, _)| {
                    members
                        .iter()
                        .map(|c| m.get(c).copied().unwrap_or(0.0))
                        .filter(|x| x.is_finite())
                        .sum()
                })
                .collect()
        })
        .collect();
    let bands = tmr.iter().map(|s| (s.ci_low, s.ci_high)).collect();
    let ci = tmr.first().map(|s| s.ci_label()).unwrap_or_default();
    let unit = unit_label(tmr.first().map(|s| s.unit.as_str()).unwrap_or(""));
    let (what, short) = if hidden {
        ("Hidden flows (TMR less the used materials)", "hidden flows")
    } else {
        (
            "Total material requirement (used extraction and hidden flows)",
            "TMR",
        )
    };
    Ok(Some(StackFigure {
        name: "fig_commodity".to_string(),
        title: if hidden {
            "Hidden flows by commodity".to_string()
        } else {
            "TMR by commodity".to_string()
        },
        caption: format!(
            "{what} by commodity: mean per vehicle, stacked, largest commodities first ({} \
             largest shown, the rest as \"other\"); the bar ends at the mean. Whisker above \
             each bar: {ci} interval of the {short}.",
            top.len()
        ),
        x_desc: if hidden {
            format!("Mean hidden flows ({unit})")
        } else {
            format!("Mean TMR ({unit})")
        },
        vehicles: data.summary.vehicles.clone(),
        labels: data.labels(),
        categories,
        values,
        bands,
        band_label: format!("{ci} interval of {short}"),
    }))
}
