//! Declared dependence between inputs, resolved for one run: the dataset's correlated pairs
//! (`correlations.csv`, already resolved by the model), the spec's `[[correlation]]` and
//! `[[shared_factor]]` entries, mapped onto the design's dimensions and validated into a
//! [`Copula`]. Every error names the declaration (file and line) and says what to change.

use crate::config::{RunConfig, spec_diagnostic};
use crate::error::{Diagnostic, Error, Result};
use crate::model::correlations::pair_params;
use crate::model::{Model, ParamKind};
use crate::sampling::copula::{Copula, CopulaError, FactorSpec, PairSpec};
use std::path::{Path, PathBuf};

/// Where one declared pair came from, for messages.
struct Origin {
    file: PathBuf,
    /// A data row's line, or `None` for the spec (located by its text).
    line: Option<u64>,
    pattern_a: String,
    a: usize,
    b: usize,
    rho: f64,
}

/// What a run's declared dependence amounts to (for the manifest and the report).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Correlated pairs (after pattern expansion), from the data and from the spec.
    pub data_pairs: usize,
    pub spec_pairs: usize,
    /// Shared factors and their member counts.
    pub factors: Vec<(String, usize)>,
    /// Parameters whose draws the copula changes.
    pub correlated_parameters: usize,
    /// `--independent` was given while dependence was declared.
    pub ignored: bool,
}

/// Ore-grade and stripping-ratio parameters with their basis (`head`, `reserve`, `estimated`, …).
fn param_bases(model: &Model) -> Vec<Option<&str>> {
    let mut basis = vec![None; model.params.len()];
    for p in &model.producers {
        basis[p.ore_grade.0 as usize] = Some(p.ore_grade_basis.as_str());
    }
    for m in &model.mines {
        basis[m.stripping_ratio.0 as usize] = Some(m.stripping_ratio_basis.as_str());
    }
    basis
}

/// Builds the run's copula. `dim_of` maps a parameter to its dimension; a shared factor gets a
/// new dimension of its own (appended after every other, so declaring one changes no other
/// dimension's uniforms).
pub fn build(
    model: &Model,
    cfg: &RunConfig,
    dim_of: &[Option<u32>],
    dims: &mut usize,
) -> Result<(Copula, Summary)> {
    let spec_file = cfg.spec_path.clone().unwrap_or_else(|| "<spec>".into());
    let text = cfg.spec_text.as_deref();
    let spec_err = |key: &str, value: &str, message: String, fix: &str| {
        Error::input(spec_diagnostic(&spec_file, text, key, value, message, fix))
    };
    let declared = !model.correlations.is_empty()
        || !cfg.correlations.is_empty()
        || !cfg.shared_factors.is_empty();
    if cfg.independent {
        let summary = Summary {
            ignored: declared,
            ..Summary::default()
        };
        return Ok((Copula::default(), summary));
    }
    let mut origins = Vec::new();
    for p in &model.correlations {
        origins.push(Origin {
            file: p.file.clone(),
            line: Some(p.line),
            pattern_a: String::new(),
            a: p.a.0 as usize,
            b: p.b.0 as usize,
            rho: p.rho,
        });
    }
    let data_pairs = origins.len();
    for c in &cfg.correlations {
        let pairs = pair_params(&model.params, &c.parameter_a, &c.parameter_b).map_err(|e| {
            let (message, fix) = e.explain(&c.parameter_a, &c.parameter_b);
            spec_err("parameter_a", &c.parameter_a, message, &fix)
        })?;
        for (a, b) in pairs {
            origins.push(Origin {
                file: spec_file.clone(),
                line: None,
                pattern_a: c.parameter_a.clone(),
                a,
                b,
                rho: c.rho,
            });
        }
    }
    let dim = |p: usize| dim_of[p].expect("pairs are between uncertain parameters");
    let pairs: Vec<PairSpec> = origins
        .iter()
        .map(|o| PairSpec {
            a: dim(o.a),
            b: dim(o.b),
            rho: o.rho,
        })
        .collect();

    let bases = param_bases(model);
    let mut factors = Vec::new();
    let mut summary_factors = Vec::new();
    let mut names = std::collections::HashSet::new();
    for f in &cfg.shared_factors {
        if f.name.is_empty() || !names.insert(f.name.as_str()) {
            return Err(spec_err(
                "name",
                &f.name,
                "shared factors need unique, non-empty names".into(),
                "rename the shared factor",
            ));
        }
        let kind = match &f.kind {
            None => None,
            Some(k) => Some(ParamKind::named(k).ok_or_else(|| {
                spec_err(
                    "kind",
                    k,
                    format!("shared factor `{}`: not a parameter kind", f.name),
                    "use a kind as `hiddenflow params` lists it, e.g. ore_grade or stripping_ratio",
                )
            })?),
        };
        let members: Vec<u32> = model
            .params
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.dist.is_fixed())
            .filter(|(_, p)| crate::engine::glob_match(&f.parameters, &p.name))
            .filter(|(_, p)| kind.is_none_or(|k| p.kind == k))
            .filter(|(i, _)| {
                f.basis.as_deref().is_none_or(|list| {
                    list.split(',')
                        .any(|b| bases[*i].is_some_and(|x| x == b.trim()))
                })
            })
            .filter(|(_, p)| f.estimated.is_none_or(|e| p.estimated == e))
            .map(|(i, _)| dim(i))
            .collect();
        if members.len() < 2 {
            return Err(spec_err(
                "name",
                &f.name,
                format!(
                    "shared factor `{}` selects {} uncertain parameter(s); a factor needs at least two",
                    f.name,
                    members.len()
                ),
                "widen `parameters`, or check `kind`, `basis` (e.g. reserve, head, estimated) and `estimated` against `hiddenflow params --uncertain`",
            ));
        }
        summary_factors.push((f.name.clone(), members.len()));
        factors.push(FactorSpec {
            dim: *dims as u32,
            members,
            rho: f.rho,
        });
        *dims += 1;
    }

    let copula =
        Copula::new(&pairs, &factors).map_err(|e| explain(e, model, &origins, cfg, dim_of))?;
    let summary = Summary {
        data_pairs,
        spec_pairs: origins.len() - data_pairs,
        correlated_parameters: copula.n_correlated(),
        factors: summary_factors,
        ignored: false,
    };
    Ok((copula, summary))
}

/// A copula error as a diagnostic at the declaration it concerns.
fn explain(
    e: CopulaError,
    model: &Model,
    origins: &[Origin],
    cfg: &RunConfig,
    dim_of: &[Option<u32>],
) -> Error {
    let spec_file = cfg.spec_path.clone().unwrap_or_else(|| "<spec>".into());
    let at = |i: usize, message: String, fix: &str| -> Error {
        let o = &origins[i];
        let d = match o.line {
            Some(line) => Diagnostic::new(&o.file, message, fix)
                .at_line(line)
                .at_column("rho")
                .with_value(o.rho.to_string()),
            None => spec_diagnostic(
                &spec_file,
                cfg.spec_text.as_deref(),
                "parameter_a",
                &o.pattern_a,
                message,
                fix,
            ),
        };
        Error::input(d)
    };
    let name = |p: usize| model.params[p].name.as_str();
    let pair = |i: usize| {
        let o = &origins[i];
        let place = match o.line {
            Some(l) => format!("{}:{l}", short(&o.file)),
            None => format!("{} [[correlation]]", short(&spec_file)),
        };
        format!("{} ~ {} ρ = {} ({place})", name(o.a), name(o.b), o.rho)
    };
    match e {
        CopulaError::OutOfRange { pair: i, rho } => at(
            i,
            format!("a rank correlation of {rho} is impossible"),
            "write Spearman's rho between -1 and 1",
        ),
        CopulaError::Perfect { pair: i } => at(
            i,
            format!(
                "{}: a rank correlation of ±1 makes one parameter a function of the other",
                pair(i)
            ),
            "declare a [[shared_factor]] with rho = 1 for parameters that move as one, or use |rho| < 1",
        ),
        CopulaError::SelfPair { pair: i } => at(
            i,
            format!("`{}` is correlated with itself", name(origins[i].a)),
            "name two different parameters",
        ),
        CopulaError::Conflict { first, second } => at(
            second,
            format!(
                "{} contradicts {} declared before",
                pair(second),
                pair(first)
            ),
            "keep one value of rho for the pair",
        ),
        CopulaError::NotPositiveDefinite { pairs } => {
            let list: Vec<String> = pairs.iter().map(|&i| pair(i)).collect();
            at(
                pairs[pairs.len() - 1],
                format!(
                    "these rank correlations cannot hold together (their correlation matrix is not positive definite): {}",
                    list.join("; ")
                ),
                "weaken or remove one of these pairs (e.g. two strong positive pairs force the third to be positive)",
            )
        }
        CopulaError::FactorRange { factor, rho } => Error::input(spec_diagnostic(
            &spec_file,
            cfg.spec_text.as_deref(),
            "rho",
            &rho.to_string(),
            format!(
                "shared factor `{}`: rho must lie in [0, 1]",
                cfg.shared_factors[factor].name
            ),
            "members of one factor move together: use 0 < rho ≤ 1 (1 = as one)",
        )),
        CopulaError::Overlap { dim } => {
            let p = dim_of.iter().position(|d| *d == Some(dim));
            Error::input(Diagnostic::new(
                Path::new(&spec_file),
                format!(
                    "`{}` is in two declared dependence structures (two shared factors, or a shared factor and a correlated pair)",
                    p.map(name).unwrap_or("a parameter")
                ),
                "narrow the shared factors' selections so that each parameter is in one structure",
            ))
        }
    }
}

fn short(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}
