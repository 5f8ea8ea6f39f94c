//! The tiny fixture under `tests/fixtures/tiny`, worked out by hand.
//!
//! Mines (per t of refined commodity; y = g·Rb·Rs, O = 1/y, C = 1/(c·Rs)):
//! * cu_mine_a (CL), copper: g = 1 %, Rb = 0.8, Rs = 1, c = 25 %, SR = 2:
//!   y = 0.008, O = 125, C = 4 → used 1, waste 250, tailings 121, residues 3 → TMR 375.
//! * cuco_mine (CD), SR = 1, co-products under economic allocation:
//!   copper g = 2 %, Rb = 0.5, c = 20 % → y = 0.01, p·y = 6000 · 0.01 = 60;
//!   cobalt g = 5000 g/t, Rb = 0.4, c = 10 % → y = 0.002, p·y = 30000 · 0.002 = 60; f = 0.5 each.
//!   copper: O = 100, C = 5 → used 0.5, waste 50, tailings 47.5, residues 2 → 100.
//!   cobalt: O = 500, C = 10 → used 0.5, waste 250, tailings 245, residues 4.5 → 500.
//! * coal_mine (CN): g = 100 %, no beneficiation, SR = 4 → used 1, waste 4 → 5.
//!
//! Commodities: copper = 0.8 · (0.5·375 + 0.5·100 + 2 t coal · 5 + 1 t reagent · 3) + 0.2 · 10
//!   = 0.8 · 250.5 + 2 = 202.4 (CL 150, CD 40, CN 12.4); cobalt = 500; coal = 5.
//! Materials: copper wire = 1 / 0.5 · 202.4 = 404.8; cathode = 0.2 · 500 + 10 = 110; plastic = 5.
//! Components: harness = (0.8 · 404.8 + 0.2 · 5) / 0.8 = 406.05; battery = 0.5 · 110 + 0.5 · 5 = 57.5.
//! Vehicles: icev = 0.05 t harness → 20.3025 t; bev = 0.1 t harness + 50 kWh · 6 kg/kWh = 0.3 t
//!   battery → 40.605 + 17.25 = 57.855 t.
//! icev used: 0.1 t Cu demand · 0.6 used per t Cu (0.8 · (0.5·1 + 0.5·0.5)) + plastic 0.0125 t
//!   = 0.0725; hidden = 20.23; abroad: TMR 0.1 · 190 = 19, used 0.06 → hidden abroad 18.94.

use hiddenflow::model::{self, Allocation, ModelOptions};
use hiddenflow::plan::{Plan, vout};
use std::path::Path;

mod common;
use common::copy_fixture;

fn tiny(allocation: Allocation) -> (model::Model, Plan) {
    let ds = hiddenflow::data::load(Path::new("tests/fixtures/tiny")).expect("fixture loads");
    let opts = ModelOptions {
        allocation,
        ..ModelOptions::default()
    };
    let m = model::build(&ds, &opts).expect("fixture is valid");
    let p = Plan::compile(&m);
    (m, p)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn point_values_match_the_hand_computation() {
    let (m, plan) = tiny(Allocation::Economic);
    let mut ws = plan.workspace();
    let mut out = vec![0.0; plan.n_outputs()];
    plan.eval(&m.best_values(), &mut ws, &mut out);
    let icev = m.vehicle_index("icev").unwrap();
    let bev = m.vehicle_index("bev").unwrap();
    let get = |v: usize, s: usize| out[plan.vehicle_output(v, s)];
    assert!(
        close(get(icev, vout::TMR), 20.3025),
        "icev tmr {}",
        get(icev, vout::TMR)
    );
    assert!(
        close(get(bev, vout::TMR), 57.855),
        "bev tmr {}",
        get(bev, vout::TMR)
    );
    assert!(close(get(icev, vout::USED), 0.0725));
    assert!(close(get(icev, vout::HIDDEN), 20.23));
    assert!(close(get(icev, vout::SHARE_ABROAD), 18.94 / 20.23));
    assert!(close(get(icev, vout::MASS), 0.05));
    assert!(close(get(bev, vout::MASS), 0.4));
    assert!(close(get(icev, vout::EFFICIENCY), 0.05 / 20.3025));
    let cu = m.commodity_index("copper").unwrap();
    let co = m.commodity_index("cobalt").unwrap();
    let item0 = plan.n_outputs() - m.commodities.len() - m.materials.len() - m.components.len();
    assert!(close(out[item0 + cu], 202.4));
    assert!(close(out[item0 + co], 500.0));
    // by commodity for the bev: copper 0.2 t · 202.4, cobalt 0.03 t · 500
    assert!(close(get(bev, vout::COMMODITY0 + cu), 40.48));
    // hidden flows by commodity: copper 0.2 t · (202.4 − 0.6 used), cobalt 0.03 t · (500 − 0.5),
    // non-metallic: cathode 0.15 t · 10 (all hidden: it has a composition) + plastic 0.175 t ·
    // (5 − 1 t of the plastic itself)
    assert!(close(get(bev, plan.hidden_commodity_slot(cu)), 0.2 * 201.8));
    assert!(close(
        get(bev, plan.hidden_commodity_slot(co)),
        0.03 * 499.5
    ));
    assert!(close(
        get(bev, plan.hidden_commodity_slot(m.commodities.len())),
        1.5 + 0.7
    ));
    assert!(close(get(bev, vout::COMMODITY0 + co), 15.0));
    assert!(close(
        get(bev, vout::COMMODITY0 + m.commodities.len()),
        1.5 + 0.875
    ));
}

#[test]
fn mass_allocation_and_no_allocation() {
    // mass: f_cu = 0.01 / 0.012, f_co = 0.002 / 0.012.
    let (m, plan) = tiny(Allocation::Mass);
    let mut ws = plan.workspace();
    let mut out = vec![0.0; plan.n_outputs()];
    plan.eval(&m.best_values(), &mut ws, &mut out);
    let item0 = plan.n_outputs() - m.commodities.len() - m.materials.len() - m.components.len();
    let co = m.commodity_index("cobalt").unwrap();
    let cu = m.commodity_index("copper").unwrap();
    assert!(close(out[item0 + co], (0.002 / 0.012) * 2.0 * 500.0));
    let cuco_cu = (0.01 / 0.012) * 2.0 * 100.0;
    assert!(close(
        out[item0 + cu],
        0.8 * (0.5 * 375.0 + 0.5 * cuco_cu + 13.0) + 2.0
    ));
    // none: the main product (largest p·y at best estimates; the tie 60 = 60 goes to the later
    // row, cobalt) carries the whole mine: cobalt 2 · 500 = 1000, copper from cuco_mine nothing.
    let (m, plan) = tiny(Allocation::None);
    plan.eval(&m.best_values(), &mut ws, &mut out);
    assert!(close(out[item0 + co], 1000.0), "{}", out[item0 + co]);
    assert!(
        close(out[item0 + cu], 0.8 * (0.5 * 375.0 + 13.0) + 2.0),
        "{}",
        out[item0 + cu]
    );
}

#[test]
fn breakdowns_sum_to_the_total() {
    let (m, plan) = tiny(Allocation::Economic);
    let mut ws = plan.workspace();
    let mut out = vec![0.0; plan.n_outputs()];
    plan.eval(&m.best_values(), &mut ws, &mut out);
    let nc = m.commodities.len();
    for v in 0..m.vehicles.len() {
        let o = |s: usize| out[plan.vehicle_output(v, s)];
        let tmr = o(vout::TMR);
        let flows: f64 = (0..6).map(|i| o(vout::FLOW0 + i)).sum();
        let stages: f64 = (0..4).map(|i| o(vout::STAGE0 + i)).sum();
        let comms: f64 = (0..=nc).map(|i| o(vout::COMMODITY0 + i)).sum();
        let countries: f64 = (0..m.countries.len())
            .map(|i| o(plan.country_slot(i)))
            .sum();
        let hidden: f64 = (0..=nc).map(|i| o(plan.hidden_commodity_slot(i))).sum();
        assert!(
            (hidden - o(vout::HIDDEN)).abs() <= 1e-9 * tmr,
            "hidden by commodity {hidden}"
        );
        for (what, s) in [
            ("flow", flows),
            ("stage", stages),
            ("commodity", comms),
            ("country", countries),
        ] {
            assert!((s - tmr).abs() <= 1e-9 * tmr, "{what}: {s} vs {tmr}");
        }
        assert!(close(o(vout::DOMESTIC) + o(vout::ABROAD), tmr));
    }
}

/// The model and plan of an edited copy.
fn build_copy(dir: &Path) -> (model::Model, Plan) {
    let ds = hiddenflow::data::load(dir).expect("fixture loads");
    let m = model::build(&ds, &ModelOptions::default()).expect("fixture is valid");
    let p = Plan::compile(&m);
    (m, p)
}

/// A copy of the tiny fixture with some tables replaced; returns the built model or its error.
fn tiny_with(tables: &[(&str, &str)]) -> hiddenflow::error::Result<(model::Model, Plan)> {
    let tmp = copy_fixture("tiny");
    for (name, text) in tables {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let ds = hiddenflow::data::load(tmp.path())?;
    let m = model::build(&ds, &ModelOptions::default())?;
    let p = Plan::compile(&m);
    Ok((m, p))
}

const SUPPLY_HEAD: &str = "commodity,country,share,share_min,share_max,share_dist,country_production_t,source,year,estimated,estimate_basis\n";
const RESIDUALS_HEAD: &str = "residual,commodity,country,ore_grade,ore_grade_min,ore_grade_max,ore_grade_dist,ore_grade_unit,\
stripping_ratio,stripping_ratio_min,stripping_ratio_max,stripping_ratio_dist,\
recovery_beneficiation,recovery_beneficiation_min,recovery_beneficiation_max,recovery_beneficiation_dist,\
recovery_smelting,recovery_smelting_min,recovery_smelting_max,recovery_smelting_dist,\
concentrate_grade_pct,concentrate_grade_pct_min,concentrate_grade_pct_max,concentrate_grade_pct_dist,\
source,year,estimated,estimate_basis\n";

/// The tiny fixture's commodities with other prices (t of copper, cobalt).
fn prices(copper: f64, cobalt: f64) -> String {
    let text = std::fs::read_to_string("tests/fixtures/tiny/commodities.csv").unwrap();
    text.replace(
        "copper,Copper,1000,6000,",
        &format!("copper,Copper,1000,{copper},"),
    )
    .replace(
        "cobalt,Cobalt,100,30000,",
        &format!("cobalt,Cobalt,100,{cobalt},"),
    )
}

/// Output slot of a commodity's TMR per t.
fn commodity_tmr(m: &model::Model, plan: &Plan, id: &str) -> f64 {
    let mut out = vec![0.0; plan.n_outputs()];
    plan.eval(&m.best_values(), &mut plan.workspace(), &mut out);
    let item0 = plan.n_outputs() - m.commodities.len() - m.materials.len() - m.components.len();
    out[item0 + m.commodity_index(id).unwrap()]
}

#[test]
fn a_country_partly_covered_gets_the_average_ore_of_the_primary_mines() {
    // Chile produces 1000 t Cu; its one listed mine (cu_mine_a) 500 t: half of Chile's supply
    // comes from a residual. One own mine is too few to stand for the country (fewer than
    // three), so the residual takes the average of the world's primary copper mines. With
    // cobalt at 60,000 $/t, cuco_mine's main product is cobalt (p·y 120 against copper's 60):
    // its copper is a by-product and stays out; the pool is cu_mine_a alone, so the residual
    // has its ore at best estimates (TMR 375 t/t), and cuco_mine's copper carries f = 1/3 of
    // its mine's flows: (1 + SR)/y · f = 2/0.01/3.
    let supply = format!(
        "{SUPPLY_HEAD}copper,CL,0.5,0.4,0.6,,1000,fixture,2019,,\n\
         copper,CD,0.5,0.4,0.6,,,fixture,2019,,\ncobalt,CD,1,,,,,fixture,2019,,\n\
         coal,CN,1,,,,,fixture,2019,,\n"
    );
    let (m, plan) = tiny_with(&[
        ("supply.csv", &supply),
        ("commodities.csv", &prices(6000.0, 60000.0)),
    ])
    .unwrap();
    let s = m
        .supply
        .iter()
        .find(|s| m.countries[s.country] == "CL")
        .unwrap();
    assert!(close(s.residual_weight, 0.5));
    assert_eq!(m.residuals.len(), 1);
    let r = &m.residuals[0];
    assert_eq!(
        r.basis,
        model::ResidualBasis::WorldPrimaryMines { mines: 1 }
    );
    let p = &m.producers[r.producer];
    // The grade: cu_mine_a's best estimate, with the sd of its own log-uniform range (one
    // member: no between-mine term), truncated to that range.
    let grade = m.param(p.ore_grade);
    assert!(close(grade.best, 0.01));
    let (a, b) = (0.005f64, 0.02f64);
    let var = (b * b - a * a) / (2.0 * (b / a).ln()) - ((b - a) / (b / a).ln()).powi(2);
    let (lo, hi) = grade.dist.bounds();
    assert!(close(lo, (0.01 - 3.0 * var.sqrt()).max(a)), "{lo}");
    assert!(close(hi, (0.01 + 3.0 * var.sqrt()).min(b)), "{hi}");
    assert!(p.coproduct_share.is_none());
    let copper = 0.8 * (0.5 * 375.0 + 0.5 * (2.0 / 0.01 / 3.0) + 2.0 * 5.0 + 3.0) + 0.2 * 10.0;
    let got = commodity_tmr(&m, &plan, "copper");
    assert!(close(got, copper), "{got} vs {copper}");
    // Coverage: Chile's half share counts half; the residual is listed with its part.
    let cov = hiddenflow::coverage::coverage(&m);
    let c = cov.iter().find(|c| c.commodity == "copper").unwrap();
    assert!(close(c.supply_covered, 0.75), "{}", c.supply_covered);
    assert_eq!(c.residual_countries, vec!["CL(50%)".to_string()]);

    // A country production at or below the listed mines' changes nothing.
    let supply400 = supply.replace(",1000,", ",400,");
    let (m2, _) = tiny_with(&[("supply.csv", &supply400)]).unwrap();
    assert!(m2.residuals.is_empty());
    assert_eq!(
        m2.producers.len(),
        tiny(Allocation::Economic).0.producers.len()
    );
}

#[test]
fn a_by_product_residual_carries_the_co_product_share_of_its_pool() {
    // Zambia supplies half the cobalt and has no listed mine. With copper at 100,000 $/t no
    // listed mine has cobalt as its main product, so the residual averages every cobalt
    // producer (cuco_mine alone) and carries its economic share
    // f = 30000·0.002 / (100000·0.01 + 30000·0.002) = 60/1060 of the ore's flows:
    // TMR = f·(1 + SR)/y = 60/1060 · 2/0.002.
    let supply = format!(
        "{SUPPLY_HEAD}copper,CL,0.5,0.4,0.6,,,fixture,2019,,\ncopper,CD,0.5,0.4,0.6,,,fixture,2019,,\n\
         cobalt,CD,0.5,,,,,fixture,2019,,\ncobalt,ZM,0.5,,,,,fixture,2019,,\ncoal,CN,1,,,,,fixture,2019,,\n"
    );
    let (m, plan) = tiny_with(&[
        ("supply.csv", &supply),
        ("commodities.csv", &prices(100000.0, 30000.0)),
    ])
    .unwrap();
    assert_eq!(m.residuals.len(), 1);
    assert_eq!(
        m.residuals[0].basis,
        model::ResidualBasis::WorldMines { mines: 1 }
    );
    let p = &m.producers[m.residuals[0].producer];
    let f = 60.0 / 1060.0;
    assert!(close(m.param(p.coproduct_share.unwrap()).best, f));
    // cuco_mine's cobalt carries the same share of the same ore: both halves alike.
    let cobalt = f * 2.0 / 0.002;
    let got = commodity_tmr(&m, &plan, "cobalt");
    assert!(close(got, cobalt), "{got} vs {cobalt}");
}

#[test]
fn national_statistics_set_the_residual_and_a_joint_residual_allocates_its_rock_once() {
    // residuals.csv: Chile's uncovered copper from national statistics (g 0.5 %, SR 1, Rb 0.9,
    // Rs 0.95, c 25 %): TMR = (1 + 1)/(0.005 · 0.9 · 0.95). Congo's uncovered copper comes with
    // cobalt from one ore (joint residual `cd_cuco`, SR 3): under economic allocation copper
    // carries f = 6000·y_cu / (6000·y_cu + 30000·y_co) with y_cu = 0.02·0.5·1 = 0.01 and
    // y_co = 0.001·0.5·1 = 0.0005: f = 60/75 = 0.8 → TMR = 0.8 · (1 + 3)/0.01 = 320.
    let supply = format!(
        "{SUPPLY_HEAD}copper,CL,0.5,0.4,0.6,,1000,fixture,2019,,\n\
         copper,CD,0.5,0.4,0.6,,800,fixture,2019,,\ncobalt,CD,1,,,,,fixture,2019,,\n\
         coal,CN,1,,,,,fixture,2019,,\n"
    );
    let residuals = format!(
        "{RESIDUALS_HEAD}cl_copper,copper,CL,0.5,0.4,0.6,,pct,1,,,,0.9,,,,0.95,,,,25,,,,national fixture,2019,,\n\
         cd_cuco,copper,CD,2,,,,pct,3,,,,0.5,,,,1,,,,20,,,,national fixture,2019,,\n\
         cd_cuco,cobalt,CD,0.1,,,,pct,3,,,,0.5,,,,1,,,,10,,,,national fixture,2019,,\n"
    );
    let (m, plan) = tiny_with(&[("supply.csv", &supply), ("residuals.csv", &residuals)]).unwrap();
    assert_eq!(m.residuals.len(), 3);
    assert_eq!(m.residual_groups.len(), 1);
    let cl = 2.0 / (0.005 * 0.9 * 0.95);
    let cd = 0.8 * 4.0 / 0.01;
    // Chile: half listed (375), half residual; Congo: 200 of 800 t listed (cuco_mine's copper
    // at f = 0.5: 100), the rest the joint residual.
    let copper =
        0.8 * (0.5 * (0.5 * 375.0 + 0.5 * cl) + 0.5 * (0.25 * 100.0 + 0.75 * cd) + 13.0) + 2.0;
    let got = commodity_tmr(&m, &plan, "copper");
    assert!(close(got, copper), "{got} vs {copper}");
    // The cobalt row only co-produces: Congo's cobalt supply is its listed mine's.
    let co = m
        .residuals
        .iter()
        .find(|r| m.producers[r.producer].commodity == m.commodity_index("cobalt").unwrap())
        .unwrap();
    assert_eq!(co.supply, None);
    assert!(close(commodity_tmr(&m, &plan, "cobalt"), 500.0));
    // One stripping ratio for the joint ore, named after the residual.
    let prods: Vec<_> = m.residual_groups[0]
        .iter()
        .map(|&p| &m.producers[p])
        .collect();
    assert_eq!(prods[0].stripping_ratio, prods[1].stripping_ratio);
    assert_eq!(
        m.param(prods[0].stripping_ratio).name,
        "residual:cd_cuco:stripping_ratio"
    );

    // Rows of one joint residual that disagree on its stripping ratio are refused, at the line.
    let bad = residuals.replace("0.1,,,,pct,3,", "0.1,,,,pct,4,");
    let err = tiny_with(&[("supply.csv", &supply), ("residuals.csv", &bad)])
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("residuals.csv:4") && err.contains("different stripping ratios"),
        "{err}"
    );
}

/// The tiny fixture with a fleet: a quarter ICEVs, three quarters BEVs.
fn tiny_with_fleet() -> (model::Model, Plan) {
    let tmp = copy_fixture("tiny");
    std::fs::write(
        tmp.path().join("fleets.csv"),
        "fleet,name,vehicle,share,share_min,share_max,share_dist,source,year,estimated,estimate_basis\n\
         mix,Test mix,icev,0.25,0.1,0.4,,hand-made test fixture,2019,,\n\
         mix,Test mix,bev,0.75,0.6,0.9,,hand-made test fixture,2019,,\n",
    )
    .unwrap();
    build_copy(tmp.path())
}

#[test]
fn a_fleet_is_the_share_weighted_average_of_its_vehicles() {
    let (m, plan) = tiny_with_fleet();
    let mix = m
        .vehicle_index("mix")
        .expect("the fleet is a vehicle of the model");
    let (icev, bev) = (
        m.vehicle_index("icev").unwrap(),
        m.vehicle_index("bev").unwrap(),
    );
    assert_eq!(
        m.vehicles[mix].powertrain, "mix",
        "ICEV + BEV is a mixed fleet"
    );
    let mut ws = plan.workspace();
    let mut out = vec![0.0; plan.n_outputs()];
    let mut values = m.best_values();
    plan.eval(&values, &mut ws, &mut out);
    let get = |out: &[f64], v: usize, s: usize| out[plan.vehicle_output(v, s)];
    // hand computation from the module comment: TMR 20.3025 (icev), 57.855 (bev); mass 0.05,
    // 0.4; hidden 20.23 of which 18.94 abroad (icev).
    assert!(close(
        get(&out, mix, vout::TMR),
        0.25 * 20.3025 + 0.75 * 57.855
    ));
    assert!(close(get(&out, mix, vout::MASS), 0.25 * 0.05 + 0.75 * 0.4));
    assert!(close(
        get(&out, mix, vout::EFFICIENCY),
        (0.25 * 0.05 + 0.75 * 0.4) / (0.25 * 20.3025 + 0.75 * 57.855)
    ));
    let hidden_abroad = |v: usize| get(&out, v, vout::SHARE_ABROAD) * get(&out, v, vout::HIDDEN);
    let expected_share = (0.25 * hidden_abroad(icev) + 0.75 * hidden_abroad(bev))
        / (0.25 * get(&out, icev, vout::HIDDEN) + 0.75 * get(&out, bev, vout::HIDDEN));
    assert!(close(get(&out, mix, vout::SHARE_ABROAD), expected_share));
    // Every linear output (breakdowns included) is the weighted sum; the breakdowns still add
    // up to the fleet's TMR.
    let c0 = plan.country_slot(0);
    let countries: f64 = (0..m.countries.len()).map(|c| get(&out, mix, c0 + c)).sum();
    assert!(close(countries, get(&out, mix, vout::TMR)));
    let stages: f64 = (0..4).map(|s| get(&out, mix, vout::STAGE0 + s)).sum();
    assert!(close(stages, get(&out, mix, vout::TMR)));

    // Shares are renormalised per draw: (2, 6) is the same mix as (0.25, 0.75), and a share of
    // zero leaves the other vehicle alone.
    let share = |v: &str| {
        m.params
            .iter()
            .position(|p| p.name == format!("fleet:mix:{v}:share"))
            .unwrap()
    };
    let tmr = get(&out, mix, vout::TMR);
    values[share("icev")] = 2.0;
    values[share("bev")] = 6.0;
    plan.eval(&values, &mut ws, &mut out);
    assert!(close(get(&out, mix, vout::TMR), tmr));
    values[share("icev")] = 0.0;
    plan.eval(&values, &mut ws, &mut out);
    assert!(close(get(&out, mix, vout::TMR), 57.855));
    assert!(close(
        get(&out, mix, vout::SHARE_ABROAD),
        get(&out, bev, vout::SHARE_ABROAD)
    ));
}

#[test]
fn consistency_flags_production_off_its_ore_stale_years_and_company_totals() {
    use hiddenflow::consistency::flags;
    let mc = std::fs::read_to_string("tests/fixtures/tiny/mine_commodities.csv").unwrap();
    let flagged = |mc: &str, supply: Option<&str>| {
        let tmp = copy_fixture("tiny");
        std::fs::write(tmp.path().join("mine_commodities.csv"), mc).unwrap();
        if let Some(s) = supply {
            std::fs::write(tmp.path().join("supply.csv"), s).unwrap();
        }
        let ds = hiddenflow::data::load(tmp.path()).unwrap();
        flags(&ds)
            .into_iter()
            .map(|f| (f.line, f.what))
            .collect::<Vec<_>>()
    };
    // cu_mine_a: 10 Mt ore × 1 % × 0.8 × 1 = 80,000 t, but 500 t reported: ratio 0.00625.
    // cuco_mine (5 Mt): copper 5e6 × 2 % × 0.5 = 50,000 t against 200 t, cobalt 5e6 × 0.5 % ×
    // 0.4 = 10,000 t against 40 t; coal_mine: 50 Mt × 100 % = 50 Mt against 1 Mt.
    let f = flagged(&mc, None);
    assert_eq!(f.len(), 4, "{f:?}");
    assert_eq!(f[0].0, 2);
    assert!(
        f[0].1.contains("0.01 ×") && f[0].1.contains("(80000 t)"),
        "{}",
        f[0].1
    );
    // Production that matches its ore is not flagged; within ±50 % neither.
    let fixed = mc
        .replace("cu_mine_a,copper,500,", "cu_mine_a,copper,110000,")
        .replace("cuco_mine,copper,200,", "cuco_mine,copper,50000,")
        .replace("cuco_mine,cobalt,40,", "cuco_mine,cobalt,10000,")
        .replace("coal_mine,coal,1000000,", "coal_mine,coal,50000000,");
    assert_eq!(flagged(&fixed, None), vec![]);
    // Figures older than 2015.
    let stale = fixed.replacen("fixture,2019", "fixture,2012", 1);
    let f = flagged(&stale, None);
    assert_eq!(f.len(), 1);
    assert!(f[0].1.contains("figures of 2012"), "{}", f[0].1);
    // A mine producing more than its country: a company total on one mine?
    let supply = format!(
        "{SUPPLY_HEAD}copper,CL,0.5,0.4,0.6,,100000,fixture,2019,,\n\
         copper,CD,0.5,0.4,0.6,,,fixture,2019,,\ncobalt,CD,1,,,,,fixture,2019,,\n\
         coal,CN,1,,,,,fixture,2019,,\n"
    );
    let f = flagged(&fixed, Some(&supply));
    assert_eq!(f.len(), 1);
    assert!(f[0].1.contains("exceeds all of CL's"), "{}", f[0].1);
}

#[test]
fn optional_columns_may_be_left_out_of_a_header() {
    // Every column of the tiny fixture whose cells are all empty is dropped from its table
    // (ranges, shapes, provenance extras, optional quantities): the dataset still loads, into
    // the same model. Which columns are dropped is counted, so the test cannot pass by
    // dropping nothing.
    let tmp = copy_fixture("tiny");
    let mut dropped = Vec::new();
    for e in std::fs::read_dir(tmp.path()).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect())
            .collect();
        let keep: Vec<usize> = (0..header.len())
            .filter(|&i| rows.iter().any(|row| !row[i].is_empty()))
            .collect();
        for i in (0..header.len()).filter(|i| !keep.contains(i)) {
            dropped.push(format!(
                "{}:{}",
                path.file_name().unwrap().to_string_lossy(),
                header[i]
            ));
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(keep.iter().map(|&i| &header[i])).unwrap();
        for row in &rows {
            w.write_record(keep.iter().map(|&i| &row[i])).unwrap();
        }
        std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    }
    assert!(dropped.len() > 40, "{dropped:?}");
    assert!(dropped.contains(&"mines.csv:stripping_ratio_dist".to_string()));
    let (full, _) = tiny(Allocation::Economic);
    let (slim, _) = build_copy(tmp.path());
    let names = |m: &model::Model| m.params.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&slim), names(&full));
    assert_eq!(slim.best_values(), full.best_values());
}

/// `hiddenflow --version` names the version and the fingerprint of the dataset in
/// `./distributions`, which changes with any table.
#[test]
fn version_prints_the_datasets_fingerprint() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("distributions");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(common::tiny()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let fingerprint = || {
        let out = common::hf(tmp.path(), &["--version"]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with(&format!("hiddenflow {}\n", env!("CARGO_PKG_VERSION"))),
            "{text}"
        );
        text.rsplit("sha256 ").next().unwrap().trim().to_string()
    };
    let a = fingerprint();
    assert_eq!(a.len(), 64);
    assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(fingerprint(), a, "the same data, the same fingerprint");
    let mines = data.join("mines.csv");
    let text = std::fs::read_to_string(&mines).unwrap();
    std::fs::write(&mines, text.replace("Copper mine A", "Copper mine B")).unwrap();
    assert_ne!(fingerprint(), a, "a changed table changes the fingerprint");
}
