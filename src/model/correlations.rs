//! Declared rank correlations (`correlations.csv`): name patterns resolved to pairs of the
//! model's uncertain parameters. The run spec's `[[correlation]]` entries go through the same
//! [`pair_params`]; the engine turns both into a copula (`sampling::copula`).

use super::builder::Builder;
use super::{Param, ParamId};
use crate::data::{CORRELATIONS, Dataset};
use std::path::PathBuf;

/// One resolved pair of parameters with its Spearman ρ and where it was declared.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredPair {
    pub a: ParamId,
    pub b: ParamId,
    pub rho: f64,
    /// The file and line that declared it (a data table or a run spec).
    pub file: PathBuf,
    pub line: u64,
    pub source: String,
    pub year: Option<i32>,
}

/// Why two patterns give no pairs.
#[derive(Clone, Debug, PartialEq)]
pub enum PairProblem {
    /// The pattern (0 = A, 1 = B) matches no parameter.
    NoMatch(usize),
    /// The pattern matches only parameters that are fixed (no range): nothing to correlate.
    OnlyFixed(usize),
    /// Both patterns have the same number of `*`, but no match of A has the same `*` text as a
    /// match of B.
    NoCommonWildcards,
    /// A parameter with itself.
    SameParameter(String),
}

impl PairProblem {
    /// The message and the fix, for the user.
    pub fn explain(&self, a: &str, b: &str) -> (String, String) {
        let pat = |i: usize| if i == 0 { a } else { b };
        match self {
            PairProblem::NoMatch(i) => (
                format!("the pattern `{}` matches no parameter of the dataset", pat(*i)),
                "use names as `hiddenflow params --uncertain` lists them (`*` matches any run of characters)".into(),
            ),
            PairProblem::OnlyFixed(i) => (
                format!("the pattern `{}` matches only parameters without a range (fixed values): there is nothing to correlate", pat(*i)),
                "give the parameters a range in the data, or correlate others".into(),
            ),
            PairProblem::NoCommonWildcards => (
                format!("`{a}` and `{b}` pair parameters whose `*` parts agree, and no two do"),
                "check that both patterns name the same things where they have `*` (e.g. mine:*:stripping_ratio with mine:*:copper:ore_grade)".into(),
            ),
            PairProblem::SameParameter(p) => (
                format!("`{p}` would be correlated with itself"),
                "name two different parameters".into(),
            ),
        }
    }
}

/// Matches `text` against `pattern` (`*` = any run of characters) and returns the texts the
/// `*`s matched, leftmost-shortest; `None` if it does not match.
pub fn glob_captures<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    fn go<'t>(p: &[u8], t: &'t str, at: usize, caps: &mut Vec<&'t str>) -> bool {
        match p.split_first() {
            None => at == t.len(),
            Some((b'*', rest)) => {
                for end in at..=t.len() {
                    if !t.is_char_boundary(end) {
                        continue;
                    }
                    caps.push(&t[at..end]);
                    if go(rest, t, end, caps) {
                        return true;
                    }
                    caps.pop();
                }
                false
            }
            Some((&c, rest)) => t.as_bytes().get(at) == Some(&c) && go(rest, t, at + 1, caps),
        }
    }
    let mut caps = Vec::new();
    go(pattern.as_bytes(), text, 0, &mut caps).then_some(caps)
}

/// The pairs of uncertain parameters two patterns declare. When both patterns have the same
/// (non-zero) number of `*`, a match of A pairs with the match of B whose `*` texts are the
/// same (`mine:*:stripping_ratio` with `mine:*:copper:ore_grade` pairs each mine's two
/// values); otherwise every match of A pairs with every match of B.
pub fn pair_params(params: &[Param], a: &str, b: &str) -> Result<Vec<(usize, usize)>, PairProblem> {
    let matches = |pat: &str, side: usize| {
        let all: Vec<(usize, Vec<&str>)> = params
            .iter()
            .enumerate()
            .filter_map(|(i, p)| glob_captures(pat, &p.name).map(|c| (i, c)))
            .collect();
        if all.is_empty() {
            return Err(PairProblem::NoMatch(side));
        }
        let uncertain: Vec<_> = all
            .into_iter()
            .filter(|(i, _)| !params[*i].dist.is_fixed())
            .collect();
        match uncertain.is_empty() {
            true => Err(PairProblem::OnlyFixed(side)),
            false => Ok(uncertain),
        }
    };
    let (ma, mb) = (matches(a, 0)?, matches(b, 1)?);
    let stars = |p: &str| p.matches('*').count();
    let keyed = stars(a) > 0 && stars(a) == stars(b);
    let mut out = Vec::new();
    for (i, ca) in &ma {
        for (j, cb) in &mb {
            if keyed && ca != cb {
                continue;
            }
            if i == j {
                return Err(PairProblem::SameParameter(params[*i].name.clone()));
            }
            out.push((*i, *j));
        }
    }
    match out.is_empty() {
        true => Err(PairProblem::NoCommonWildcards),
        false => Ok(out),
    }
}

/// Resolves `correlations.csv` (problems go to the builder's diagnostics, with line and column).
pub(super) fn build(b: &mut Builder, ds: &Dataset) -> Vec<DeclaredPair> {
    let mut out = Vec::new();
    for r in &ds.correlations {
        match pair_params(&b.params, &r.parameter_a, &r.parameter_b) {
            Ok(pairs) => out.extend(pairs.into_iter().map(|(i, j)| DeclaredPair {
                a: ParamId(i as u32),
                b: ParamId(j as u32),
                rho: r.rho,
                file: ds.file_path(CORRELATIONS),
                line: r.line,
                source: r.prov.source.clone(),
                year: Some(r.prov.year),
            })),
            Err(problem) => {
                let (column, value) = match &problem {
                    PairProblem::NoMatch(1) | PairProblem::OnlyFixed(1) => {
                        ("parameter_b", &r.parameter_b)
                    }
                    _ => ("parameter_a", &r.parameter_a),
                };
                let (message, fix) = problem.explain(&r.parameter_a, &r.parameter_b);
                let d = b.row_diag(CORRELATIONS, r.line, column, value, &message, &fix);
                b.diags.push(d);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_are_what_each_star_matched() {
        assert_eq!(
            glob_captures("mine:*:copper:ore_grade", "mine:escondida:copper:ore_grade"),
            Some(vec!["escondida"])
        );
        assert_eq!(
            glob_captures("mine:*:ore_grade", "mine:a:copper:ore_grade"),
            Some(vec!["a:copper"])
        );
        assert_eq!(glob_captures("a*b*", "axxbyy"), Some(vec!["xx", "yy"]));
        assert_eq!(glob_captures("mine:*", "commodity:x"), None);
        assert_eq!(glob_captures("exact", "exact"), Some(vec![]));
        assert_eq!(glob_captures("exact", "exactly"), None);
    }
}
