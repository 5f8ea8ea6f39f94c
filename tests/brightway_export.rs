//! `hiddenflow export brightway`: the exported database's LCA equals the model's outputs, at
//! best estimates and draw by draw, for the tiny fixture and the bundled dataset; bad OUT
//! folders are refused with exit status 2.

mod common;

use common::{BIN, hf, read_csv, text, tiny};
use hiddenflow::config::{Flags, RunConfig};
use hiddenflow::engine::build_job;
use hiddenflow::export::brightway::{Evaluation, graph, max_rel_difference};
use hiddenflow::model::{self, Allocation, ModelOptions};
use hiddenflow::plan::{FLOWS, Plan, vout};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("distributions")
}

fn load(data: &Path, allocation: Allocation) -> model::Model {
    let opts = ModelOptions {
        allocation,
        ..ModelOptions::default()
    };
    hiddenflow::commands::load_model(data, &opts).expect("valid dataset")
}

/// The database's inventory of one unit of `demand`, by substitution over database.json
/// (independent of the library's solver): activities in an order where every consumer comes
/// first, then `s_input += s · amount` along each technosphere exchange.
fn inventory(doc: &Value, demand: &str) -> HashMap<String, f64> {
    let acts = doc["activities"].as_array().unwrap();
    let index: HashMap<&str, usize> = acts
        .iter()
        .enumerate()
        .map(|(i, a)| (a["code"].as_str().unwrap(), i))
        .collect();
    let edges: Vec<Vec<(Option<usize>, String, f64)>> = acts
        .iter()
        .map(|a| {
            a["exchanges"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["type"] != "production")
                .map(|e| {
                    let code = e["input"][1].as_str().unwrap();
                    let amount = e["amount"].as_f64().unwrap();
                    match e["type"].as_str().unwrap() {
                        "technosphere" => (Some(index[code]), String::new(), amount),
                        "biosphere" => (None, code.to_string(), amount),
                        t => panic!("exchange type {t}"),
                    }
                })
                .collect()
        })
        .collect();
    // Kahn's algorithm over consumer → input edges.
    let mut consumers = vec![0; acts.len()];
    for es in &edges {
        for (to, _, _) in es {
            if let Some(j) = to {
                consumers[*j] += 1;
            }
        }
    }
    let mut ready: Vec<usize> = (0..acts.len()).filter(|&i| consumers[i] == 0).collect();
    let mut s = vec![0.0; acts.len()];
    s[index[demand]] = 1.0;
    let mut inv = HashMap::new();
    let mut done = 0;
    while let Some(i) = ready.pop() {
        done += 1;
        for (to, flow, a) in &edges[i] {
            match to {
                Some(j) => {
                    s[*j] += s[i] * a;
                    consumers[*j] -= 1;
                    if consumers[*j] == 0 {
                        ready.push(*j);
                    }
                }
                None => *inv.entry(flow.clone()).or_insert(0.0) += s[i] * a,
            }
        }
    }
    assert_eq!(done, acts.len(), "the technosphere is not acyclic");
    inv
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// Exports `data` with the CLI and checks each vehicle's inventory from database.json against
/// `hiddenflow point` (TMR) and the plan's flow outputs at best estimates.
fn export_matches_point(data: &Path, allocation: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bw");
    let args = [
        "export",
        "brightway",
        out.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--allocation",
        allocation,
    ];
    let o = hf(tmp.path(), &args);
    assert!(o.status.success(), "{}", text(&o));
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("database.json")).unwrap()).unwrap();
    let o = hf(
        tmp.path(),
        &[
            "point",
            "--data",
            data.to_str().unwrap(),
            "--allocation",
            allocation,
            "--out",
            tmp.path().join("point").to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let point: HashMap<String, f64> = read_csv(&tmp.path().join("point/coefficients.csv"))
        .iter()
        .filter(|r| r["level"] == "vehicle" && r["stage"] == "total")
        .map(|r| (r["item"].clone(), r["value"].parse().unwrap()))
        .collect();
    let m = load(data, allocation.parse().unwrap());
    let plan = Plan::compile(&m);
    let mut out = vec![0.0; plan.n_outputs()];
    plan.eval(&m.best_values(), &mut plan.workspace(), &mut out);
    let vehicles = doc["vehicles"].as_array().unwrap();
    assert_eq!(vehicles.len(), m.vehicles.len());
    for (v, veh) in vehicles.iter().enumerate() {
        let id = veh["vehicle"].as_str().unwrap();
        let inv = inventory(&doc, veh["code"].as_str().unwrap());
        let tmr: f64 = inv.values().sum();
        assert!(
            rel(tmr, point[id]) <= 1e-9,
            "{id}: database {tmr} vs point {}",
            point[id]
        );
        for (f, flow) in FLOWS.iter().enumerate() {
            let want = out[plan.vehicle_output(v, vout::FLOW0 + f)];
            let got = inv.get(*flow).copied().unwrap_or(0.0);
            assert!(
                (got - want).abs() <= 1e-9 * tmr,
                "{id} {flow}: database {got} vs model {want}"
            );
        }
    }
}

#[test]
fn tiny_fixture_export_equals_point_under_every_allocation() {
    for allocation in ["economic", "mass", "none"] {
        export_matches_point(&tiny(), allocation);
    }
}

#[test]
fn bundled_dataset_export_equals_point() {
    export_matches_point(&bundled(), "economic");
}

/// Draw by draw: the amounts of the engine's draws give the plan's outputs of the same draws.
fn draws_match(data: &Path, allocation: Allocation, n: u64) {
    let m = load(data, allocation);
    let plan = Plan::compile(&m);
    let g = graph(&m, &plan);
    let flags = Flags {
        data: Some(data.to_path_buf()),
        samples: Some(n),
        seed: Some(11),
        allocation: Some(allocation.to_string()),
        out: Some(std::env::temp_dir().join("hiddenflow-unused")),
        ..Flags::default()
    };
    let job = build_job(&m, &RunConfig::resolve(&flags).unwrap()).unwrap();
    let mut st = job.state();
    let mut ev = Evaluation::new(&plan);
    let mut spread = 0.0f64;
    let best = {
        ev.eval(&m.best_values());
        ev.amounts(&g)
    };
    for i in 0..n {
        job.draw(i, &mut st);
        ev.eval(job.values(&st));
        let d = max_rel_difference(&g, &ev, &plan);
        assert!(d <= 1e-9, "draw {i}: database vs model differ by {d:e}");
        for (a, b) in ev.amounts(&g).iter().zip(&best) {
            spread = spread.max((a - b).abs());
        }
    }
    // The draws do move the exchanges (a test of a constant would prove nothing).
    assert!(spread > 0.0);
}

#[test]
fn tiny_fixture_draws_equal_the_model() {
    for a in [Allocation::Economic, Allocation::Mass, Allocation::None] {
        draws_match(&tiny(), a, 300);
    }
}

#[test]
fn bundled_dataset_draws_equal_the_model() {
    draws_match(&bundled(), Allocation::Economic, 40);
}

#[test]
fn samples_npy_holds_the_draws_of_every_uncertain_exchange() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bw");
    let o = hf(
        tmp.path(),
        &[
            "export",
            "brightway",
            out.to_str().unwrap(),
            "--data",
            tiny().to_str().unwrap(),
            "--samples",
            "50",
            "--seed",
            "3",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("database.json")).unwrap()).unwrap();
    let bytes = std::fs::read(out.join("samples.npy")).unwrap();
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let header = std::str::from_utf8(&bytes[10..10 + header_len]).unwrap();
    let rows: Vec<usize> = doc["activities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["exchanges"].as_array().unwrap().iter())
        .filter_map(|e| e["hiddenflow"]["sample_row"].as_u64())
        .map(|r| r as usize)
        .collect();
    let cols = rows.len();
    assert!(cols > 0);
    assert!(
        header.contains(&format!("'shape': (50, {cols})")),
        "{header}"
    );
    let data: Vec<f64> = bytes[10 + header_len..]
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(data.len(), 50 * cols);
    // Draw i of the engine gives row i: evaluate draw 17 and compare every column.
    let m = load(&tiny(), Allocation::Economic);
    let plan = Plan::compile(&m);
    let g = graph(&m, &plan);
    let flags = Flags {
        data: Some(tiny()),
        samples: Some(50),
        seed: Some(3),
        out: Some(out.clone()),
        ..Flags::default()
    };
    let job = build_job(&m, &RunConfig::resolve(&flags).unwrap()).unwrap();
    let mut st = job.state();
    job.draw(17, &mut st);
    let mut ev = Evaluation::new(&plan);
    ev.eval(job.values(&st));
    let amounts = ev.amounts(&g);
    let sampled: Vec<f64> = doc["activities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["exchanges"].as_array().unwrap()[1..].iter())
        .zip(&amounts)
        .filter(|(e, _)| e["hiddenflow"]["sample_row"].is_u64())
        .map(|(_, a)| *a)
        .collect();
    assert_eq!(&data[17 * cols..18 * cols], &sampled[..]);
}

#[test]
fn bad_output_folders_are_refused_with_status_2() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a_file");
    std::fs::write(&file, "x").unwrap();
    let data = tiny();
    let export = |out: &Path, force: bool| {
        let mut args = vec![
            "export".to_string(),
            "brightway".into(),
            out.display().to_string(),
            "--data".into(),
            data.display().to_string(),
        ];
        if force {
            args.push("--force".into());
        }
        std::process::Command::new(BIN)
            .args(&args)
            .current_dir(tmp.path())
            .output()
            .unwrap()
    };
    // OUT is a file; OUT under a file
    for out in [file.clone(), file.join("sub")] {
        let o = export(&out, false);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains("error:"), "{}", text(&o));
    }
    // A folder holding something else: refused without --force, kept with it.
    let out = tmp.path().join("busy");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let o = export(&out, false);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--force"), "{}", text(&o));
    assert!(!out.join("database.json").exists());
    let o = export(&out, true);
    assert!(o.status.success(), "{}", text(&o));
    assert!(out.join("database.json").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    // The folder's lock is held while writing and released after.
    assert!(!out.join(".hiddenflow.lock").exists());
    // A second export over the first needs --force too.
    assert_eq!(export(&out, false).status.code(), Some(2));
}

#[test]
fn one_exchange_per_input_when_the_model_lists_an_input_twice() {
    // The reagent a second time, at another stage: one matrix entry, the two amounts summed.
    let dir = common::copy_fixture("tiny");
    let path = dir.path().join("ancillary.csv");
    let mut csv = std::fs::read_to_string(&path).unwrap();
    csv.push_str("copper,mining,reagent,0.5,,,,hand-made test fixture,2019,,\n");
    std::fs::write(&path, csv).unwrap();
    let m = load(dir.path(), Allocation::Economic);
    let plan = Plan::compile(&m);
    let g = graph(&m, &plan);
    let market = g
        .activities
        .iter()
        .find(|a| a.code == "market:copper")
        .unwrap();
    let reagent = g
        .activities
        .iter()
        .position(|a| a.code == "input:reagent")
        .unwrap();
    let from_reagent: Vec<_> = market
        .exchanges
        .iter()
        .filter(|x| x.input == hiddenflow::export::brightway::Source::Activity(reagent))
        .collect();
    assert_eq!(from_reagent.len(), 1);
    assert_eq!(from_reagent[0].terms.len(), 2);
    let mut ev = Evaluation::new(&plan);
    ev.eval(&m.best_values());
    assert!(max_rel_difference(&g, &ev, &plan) <= 1e-12);
    // (1 − 0.2)·(1 + 0.5) t of reagent per t of copper
    let offsets = g.offsets();
    let mi = g
        .activities
        .iter()
        .position(|a| a.code == "market:copper")
        .unwrap();
    let k = market
        .exchanges
        .iter()
        .position(|x| x.input == hiddenflow::export::brightway::Source::Activity(reagent))
        .unwrap();
    assert!((ev.amounts(&g)[offsets[mi] + k] - 1.2).abs() < 1e-12);
}
