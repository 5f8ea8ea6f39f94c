//! `fig_country`: mean TMR by country (domestic, the largest countries abroad, the rest).

use super::stack::{StackFigure, top_categories};
use super::*;

pub(super) fn country_figure(data: &RunData, tmr: &[Stat]) -> Result<Option<StackFigure>> {
    let (per, order) = data.breakdown("country")?;
    let (region, _) = data.breakdown("region")?;
    if order.is_empty() && region.iter().all(|m| m.is_empty()) {
        return Ok(None);
    }
    let home = data.home_country();
    let abroad_order: Vec<String> = order
        .iter()
        .filter(|c| Some(c.as_str()) != home.as_deref())
        .cloned()
        .collect();
    let top = top_categories(&per, &abroad_order, CATEGORY_COLOURS.len() - 1);
    let domestic_label = match &home {
        Some(h) => format!("{h} (domestic)"),
        None => "domestic".to_string(),
    };
    let mut categories = vec![(domestic_label, CATEGORY_COLOURS[0])];
    for (i, c) in top.iter().enumerate() {
        categories.push((c.clone(), CATEGORY_COLOURS[i + 1]));
    }
    let mut values = Vec::new();
    for (i, m) in per.iter().enumerate() {
        let r = &region[i];
        let domestic = r
            .get("domestic")
            .copied()
            .or_else(|| home.as_ref().and_then(|h| m.get(h).copied()))
            .unwrap_or(0.0);
        let mut row = vec![domestic];
        let mut shown = 0.0;
        for c in &top {
            let x = m.get(c).copied().unwrap_or(0.0);
            shown += x;
            row.push(x);
        }
        let rest_listed: f64 = abroad_order
            .iter()
            .filter(|c| !top.contains(c))
            .map(|c| m.get(c).copied().unwrap_or(0.0))
            .filter(|x| x.is_finite())
            .sum();
        let other = match r.get("abroad") {
            Some(a) => (a - shown).max(0.0),
            None => rest_listed,
        };
        row.push(other);
        values.push(row);
    }
    let has_other = values
        .iter()
        .any(|r| r.last().copied().unwrap_or(0.0) > 1e-12);
    if has_other {
        categories.push(("other abroad".to_string(), OTHER_GREY));
    } else {
        for r in &mut values {
            r.pop();
        }
    }
    let bands = tmr.iter().map(|s| (s.ci_low, s.ci_high)).collect();
    let ci = tmr.first().map(|s| s.ci_label()).unwrap_or_default();
    let unit = unit_label(tmr.first().map(|s| s.unit.as_str()).unwrap_or(""));
    Ok(Some(StackFigure {
        name: "fig_country".to_string(),
        title: "TMR by country of origin".to_string(),
        caption: format!(
            "Total material requirement by country where the flows occur: mean per vehicle, \
             domestic{} first, then the {} largest countries abroad and the rest of the flows \
             abroad as \"other abroad\"; the bar ends at the mean TMR. Whisker above each bar: \
             {ci} interval of the TMR.",
            home.map(|h| format!(" ({h})")).unwrap_or_default(),
            top.len()
        ),
        x_desc: format!("Mean TMR ({unit})"),
        vehicles: data.summary.vehicles.clone(),
        labels: data.labels(),
        categories,
        values,
        bands,
        band_label: format!("{ci} interval of TMR"),
    }))
}
