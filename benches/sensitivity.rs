//! Throughput of the Sobol' estimators (Saltelli design, bootstrap) on a cheap model of ten
//! parameters, so that the figure measures the analysis, not the model (run with
//! `cargo bench --bench sensitivity`). Figures are reported in the issue notes; no test asserts
//! a time.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hiddenflow::sensitivity::{Problem, SaltelliPlan, sobol};
use std::hint::black_box;

fn saltelli(c: &mut Criterion) {
    let dims = 10;
    let names: Vec<String> = (0..dims).map(|i| format!("x{i}")).collect();
    let problem = Problem::per_parameter(names).expect("problem");
    let n: u64 = 1 << 14;
    let model = |u: &[f64], out: &mut [f64]| {
        out[0] = u
            .iter()
            .enumerate()
            .map(|(i, x)| (i + 1) as f64 * x * x)
            .sum();
        out[1] = u[0] * u[1] + u[2];
    };
    let plan = SaltelliPlan::sobol(problem, n, 1).expect("plan");
    let mut g = c.benchmark_group("sobol");
    g.sample_size(10);
    for (threads, bootstrap) in [(1, 0), (2, 0), (2, 100)] {
        let evaluations = n * (dims as u64 + 2);
        g.throughput(Throughput::Elements(evaluations));
        g.bench_function(format!("threads{threads}_bootstrap{bootstrap}"), |b| {
            b.iter(|| black_box(sobol(&plan, &model, 2, threads, bootstrap, 1)))
        });
    }
    g.finish();
}

criterion_group!(benches, saltelli);
criterion_main!(benches);
