//! Throughput of the engine on the bundled dataset (run with `cargo bench --bench engine`).
//!
//! * `draw_only`: what merely drawing the parameters costs — the design's uniforms and every
//!   uncertain parameter's inverse CDF, nothing else; in `run/`, drawn as the engine draws them
//!   (`draw_lanes`: LANES samples side by side), the reference the engine is held to;
//! * `raw_uniforms`: the same number of xoshiro256++ uniforms, no distributions;
//! * `eval`, `eval_lanes`: the compiled plan alone on drawn values, one sample at a time and
//!   LANES side by side;
//! * `sample`, `sample_lanes`: draw + evaluate the plan + derive comparisons (no
//!   accumulation);
//! * `accumulate/batch`: [`Accumulator::push_batch`] alone, on 64 samples of every output of
//!   the engine (real values), per sample;
//! * `run`: the whole engine on all threads — draw, evaluate, accumulate every output —
//!   in samples per second;
//! * `correlated`: the whole engine independent, with 50 declared pairs (100 correlated
//!   parameters) and with one shared factor over every stripping ratio;
//! * `two_d`: the nested loops of `hiddenflow two-d`, 16 outer × 10,000 inner draws.
//!
//! Figures are reported in the issue notes; no test asserts a time.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hiddenflow::config::{Flags, RunConfig};
use hiddenflow::engine::{LANES, build_job, run_range};
use hiddenflow::sampling::rng::{Xoshiro256PlusPlus, u01};
use std::hint::black_box;
use std::path::PathBuf;

fn job(spec: Option<&str>) -> (hiddenflow::model::Model, hiddenflow::engine::Job) {
    let flags = Flags {
        spec: spec.map(PathBuf::from),
        data: Some(PathBuf::from("distributions")),
        samples: Some(1 << 20),
        ..Flags::default()
    };
    let cfg = RunConfig::resolve(&flags).expect("config");
    let ds = hiddenflow::data::load(&cfg.data).expect("bundled dataset");
    let model = hiddenflow::model::build(&ds, &cfg.model).expect("valid");
    let job = build_job(&model, &cfg).expect("job");
    (model, job)
}

fn per_sample(c: &mut Criterion) {
    let (_model, job) = job(None);
    let mut g = c.benchmark_group("per_sample");
    g.throughput(Throughput::Elements(1));
    let mut st = job.state();
    let mut i = 0u64;
    g.bench_function("draw_only", |b| {
        b.iter(|| {
            i += 1;
            job.draw(i, &mut st);
            black_box(job.values(&st)[0])
        })
    });
    let n = job.n_uncertain;
    let mut u = vec![0.0; n];
    g.bench_function("raw_uniforms", |b| {
        b.iter(|| {
            i += 1;
            let mut r = Xoshiro256PlusPlus::for_sample(1, 0, i);
            for x in u.iter_mut() {
                *x = u01(r.next_u64());
            }
            black_box(u[0])
        })
    });
    // The plan alone, on drawn values: one sample at a time, and LANES side by side.
    let plan = &job.plan;
    let mut lane_values = vec![[0.0; LANES]; plan.n_params];
    for l in 0..LANES {
        job.draw(l as u64, &mut st);
        for (x, &y) in lane_values.iter_mut().zip(job.values(&st)) {
            x[l] = y;
        }
    }
    let scalar_values: Vec<f64> = lane_values.iter().map(|x| x[0]).collect();
    let mut ws = plan.workspace();
    let mut plan_out = vec![0.0; plan.n_outputs()];
    g.bench_function("eval", |b| {
        b.iter(|| {
            plan.eval(black_box(&scalar_values), &mut ws, &mut plan_out);
            black_box(plan_out[0])
        })
    });
    let mut ws_lanes = plan.workspace_lanes::<LANES>();
    let mut lane_out = vec![[0.0; LANES]; plan.n_outputs()];
    g.throughput(Throughput::Elements(LANES as u64));
    g.bench_function("eval_lanes", |b| {
        b.iter(|| {
            plan.eval_lanes(black_box(&lane_values), &mut ws_lanes, &mut lane_out);
            black_box(lane_out[0][0])
        })
    });
    g.bench_function("draw_lanes", |b| {
        b.iter(|| {
            i += LANES as u64;
            job.draw_lanes(i, LANES, &mut st);
            black_box(job.lane_values(&st)[0][0])
        })
    });
    g.bench_function("sample_lanes", |b| {
        b.iter(|| {
            i += LANES as u64;
            job.sample_lanes(i, LANES, &mut st);
            black_box(st.lane_outputs()[0][0])
        })
    });
    g.throughput(Throughput::Elements(1));
    let mut out = vec![0.0; job.n_outputs()];
    g.bench_function("sample", |b| {
        b.iter(|| {
            i += 1;
            job.sample(i, &mut st, &mut out);
            black_box(out[0])
        })
    });
    g.finish();
}

fn whole_run(c: &mut Criterion) {
    let mut g = c.benchmark_group("run");
    g.sample_size(10);
    {
        // The reference: only drawing the same parameters, on the same threads and chunks, the
        // way the engine draws them.
        let (_model, job) = job(None);
        let n = 1u64 << 15;
        g.throughput(Throughput::Elements(n));
        g.bench_function("draw_only", |b| {
            b.iter(|| {
                use rayon::prelude::*;
                (0..n / 1024)
                    .into_par_iter()
                    .map_init(
                        || job.state(),
                        |st, c| {
                            // The engine's own fastest drawing: LANES samples side by side.
                            let mut x = 0.0;
                            for i in (c * 1024..(c + 1) * 1024).step_by(LANES) {
                                job.draw_lanes(i, LANES, st);
                                x += job.lane_values(st)[0][0];
                            }
                            x
                        },
                    )
                    .sum::<f64>()
            })
        });
    }
    for (name, spec) in [
        ("baseline_no_scenarios", None),
        ("baseline_toml", Some("runs/baseline.toml")),
    ] {
        let (model, job) = job(spec);
        let point = job.point_outputs(&model);
        let n = 1u64 << 15;
        g.throughput(Throughput::Elements(n));
        g.bench_function(name, |b| {
            b.iter(|| black_box(run_range(&job, &point, 0..n, 0, 16 * 1024, &|_| {}, None).samples))
        });
    }
    g.finish();
}

fn accumulate(c: &mut Criterion) {
    // Real outputs of 16 batches, output-major as the engine hands them over.
    const BATCH: usize = 64;
    let (model, job) = job(None);
    let point = job.point_outputs(&model);
    let n_out = job.n_outputs();
    let mut st = job.state();
    let batches: Vec<Vec<f64>> = (0..16u64)
        .map(|b| {
            let mut batch = vec![0.0; BATCH * n_out];
            for g in 0..BATCH / LANES {
                let first = b * BATCH as u64 + (g * LANES) as u64;
                job.sample_lanes(first, LANES, &mut st);
                for (o, x) in st.lane_outputs().iter().enumerate() {
                    batch[o * BATCH + g * LANES..o * BATCH + (g + 1) * LANES].copy_from_slice(x);
                }
            }
            batch
        })
        .collect();
    let mut acc = job.accumulator(&point);
    let mut k = 0;
    let mut g = c.benchmark_group("accumulate");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("batch", |b| {
        b.iter(|| {
            acc.push_batch(&batches[k % batches.len()], BATCH, BATCH);
            k += 1;
            if k % 16 == 0 {
                acc.end_chunk();
            }
        })
    });
    g.finish();
}

/// A spec declaring dependence on the bundled data: 50 pairs (each of 50 mines' stripping
/// ratio with one of its ore grades, ρ = 0.5: 100 correlated parameters), or one shared factor
/// over every uncertain stripping ratio (ρ = 0.5).
fn correlated_spec(model: &hiddenflow::model::Model, factor: bool) -> tempfile::TempDir {
    let data = std::fs::canonicalize("distributions").unwrap();
    let mut spec = format!("data = {:?}\n", data.display().to_string());
    if factor {
        spec += "[[shared_factor]]\nname = \"bench\"\nkind = \"stripping_ratio\"\nrho = 0.5\n";
    } else {
        let uncertain = |id: hiddenflow::model::ParamId| !model.param(id).dist.is_fixed();
        let mut pairs = 0;
        for (m, mine) in model.mines.iter().enumerate() {
            let grade = model.mine_producers[m]
                .iter()
                .map(|&p| model.producers[p].ore_grade)
                .find(|&g| uncertain(g));
            if let (true, Some(g), true) = (uncertain(mine.stripping_ratio), grade, pairs < 50) {
                let (a, b) = (
                    &model.param(mine.stripping_ratio).name,
                    &model.param(g).name,
                );
                spec += &format!(
                    "[[correlation]]\nparameter_a = \"{a}\"\nparameter_b = \"{b}\"\nrho = 0.5\nsource = \"bench\"\n"
                );
                pairs += 1;
            }
        }
        assert_eq!(
            pairs, 50,
            "the bundled data has 50 mines with both uncertain"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bench.toml"), spec).unwrap();
    dir
}

fn correlated(c: &mut Criterion) {
    let (model, _) = job(None);
    let mut g = c.benchmark_group("correlated");
    g.sample_size(10);
    let pairs = correlated_spec(&model, false);
    let factor = correlated_spec(&model, true);
    let pairs_spec = pairs.path().join("bench.toml");
    let factor_spec = factor.path().join("bench.toml");
    for (name, spec) in [
        ("independent", None),
        ("pairs_100_params", Some(pairs_spec.to_str().unwrap())),
        (
            "shared_factor_stripping_ratios",
            Some(factor_spec.to_str().unwrap()),
        ),
    ] {
        let (model, job) = job(spec);
        eprintln!(
            "{name}: {} correlated parameters",
            job.copula.n_correlated()
        );
        let point = job.point_outputs(&model);
        let n = 1u64 << 15;
        g.throughput(Throughput::Elements(n));
        g.bench_function(name, |b| {
            b.iter(|| black_box(run_range(&job, &point, 0..n, 0, 16 * 1024, &|_| {}, None).samples))
        });
    }
    g.finish();
}

/// `hiddenflow two-d`'s nested loops on the bundled data: 16 outer draws × 10,000 inner draws
/// per iteration, on all threads (a 1,000 × 10,000 run is 62.5 of these).
fn two_d(c: &mut Criterion) {
    let (model, job) = job(None);
    let point = job.point_outputs(&model);
    let cfg = RunConfig::resolve(&Flags {
        data: Some(PathBuf::from("distributions")),
        ..Flags::default()
    })
    .expect("config");
    let tags = hiddenflow::two_d::classify(&model, &cfg.two_d, &cfg).expect("tags");
    let dims = hiddenflow::two_d::outer_dims(&model, &job, &tags, std::path::Path::new("<bench>"))
        .expect("dims");
    let mut g = c.benchmark_group("two_d");
    g.sample_size(10);
    let (outer, inner) = (16u64, 10_000u64);
    g.throughput(Throughput::Elements(outer * inner));
    g.bench_function("outer16_inner10000", |b| {
        b.iter(|| {
            let t = hiddenflow::two_d::targets(&job, &point);
            let r = hiddenflow::two_d::run(&job, t, &dims, outer, inner, 1, 0, &|_| {}).unwrap();
            black_box(r.pooled[0].n)
        })
    });
    g.finish();
}

criterion_group!(
    benches, per_sample, accumulate, whole_run, correlated, two_d
);
criterion_main!(benches);
