//! `fleets.csv`: average vehicles of a mix (e.g. China's BEVs by battery chemistry). A fleet
//! becomes one more vehicle after all others, with its members' shares as parameters.

use super::builder::{Builder, Owner, est, shares_not_one};
use super::{ParamId, ParamKind, Vehicle};
use crate::data::{Dataset, FLEETS, FleetRow};
use crate::sampling::dist::Support;

/// Fleets (fleets.csv) become vehicles after all others: the average vehicle of a mix.
pub(super) fn build(ds: &Dataset, b: &mut Builder, vehicles: &mut Vec<Vehicle>) {
    let n_built = vehicles.len();
    let mut order: Vec<&str> = Vec::new();
    for r in &ds.fleets {
        if !order.contains(&r.fleet.as_str()) {
            order.push(&r.fleet);
        }
    }
    for id in order {
        let rows: Vec<&FleetRow> = ds.fleets.iter().filter(|r| r.fleet == id).collect();
        let first = rows[0];
        if vehicles.iter().any(|v| v.id == id) || ds.vehicles.iter().any(|v| v.vehicle == id) {
            let d = b.row_diag(
                FLEETS,
                first.line,
                "fleet",
                id,
                "a fleet cannot have the id of a vehicle",
                "give the fleet an id of its own",
            );
            b.diags.push(d);
            continue;
        }
        let mut members: Vec<(usize, ParamId)> = Vec::new();
        let mut sum = 0.0;
        let mut counted: Vec<&str> = Vec::new();
        for r in &rows {
            // A listed vehicle's share counts toward the sum even when the vehicle itself was
            // rejected (reported at its own row): the shares as written are what must sum to 1.
            let listed = ds.vehicles.iter().any(|v| v.vehicle == r.vehicle);
            if listed && !counted.contains(&r.vehicle.as_str()) {
                counted.push(&r.vehicle);
                sum += r.share.best;
            }
            let Some(v) = vehicles[..n_built].iter().position(|v| v.id == r.vehicle) else {
                // A vehicle the dataset lists but rejected is reported already; others here.
                if !ds.vehicles.iter().any(|v| v.vehicle == r.vehicle) {
                    let d = b.row_diag(
                        FLEETS,
                        r.line,
                        "vehicle",
                        &r.vehicle,
                        "unknown vehicle (fleets are made of vehicles.csv's vehicles)",
                        "use a vehicle id of vehicles.csv",
                    );
                    b.diags.push(d);
                }
                continue;
            };
            if members.iter().any(|&(m, _)| m == v) {
                let d = b.row_diag(
                    FLEETS,
                    r.line,
                    "vehicle",
                    &r.vehicle,
                    "this fleet × vehicle pair appears twice",
                    "keep one row per fleet and vehicle",
                );
                b.diags.push(d);
                continue;
            }
            if let Some(share) = b.param(
                format!("fleet:{}:{}:share", id, r.vehicle),
                ParamKind::FleetShare,
                &r.share,
                Support::UNIT,
                1.0,
                Owner::default(),
                None,
                est(&r.prov, "share"),
                "a share",
            ) {
                members.push((v, share));
            }
        }
        if (sum - 1.0).abs() > 1e-6 {
            let what = format!("the shares of fleet `{id}`");
            b.diags.push(shares_not_one(
                &ds.file_path(FLEETS),
                &what,
                sum,
                first.line,
            ));
        }
        if members.is_empty() {
            continue;
        }
        // A fleet of one powertrain keeps it (comparisons and figures group by powertrain).
        let powertrain = &vehicles[members[0].0].powertrain;
        let same = members
            .iter()
            .all(|&(m, _)| &vehicles[m].powertrain == powertrain);
        vehicles.push(Vehicle {
            id: id.to_string(),
            name: first.name.clone(),
            label: first.label.clone().unwrap_or_else(|| id.to_string()),
            powertrain: if same {
                powertrain.clone()
            } else {
                "mix".to_string()
            },
            battery_chemistry: Some("mix".to_string()),
            battery_kwh: None,
            pack_kg_per_kwh: None,
            production_2019: None,
            parts: Vec::new(),
            fleet: Some(members),
        });
    }
}
