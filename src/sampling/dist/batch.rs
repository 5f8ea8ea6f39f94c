//! Many distributions drawn together (the engine's hot path).

use super::{Distribution, TriangularParams, U_MAX, U_MIN, UniformParams};

/// Many distributions drawn together, grouped by shape into flat arrays, so that drawing a
/// sample's parameters is a few tight loops instead of one dispatch per parameter. Each value
/// is computed by exactly the formula of [`Distribution::quantile`], so results are identical.
#[derive(Clone, Debug, Default)]
pub struct QuantileBatch {
    /// (slot, dimension, params)
    uniform: Vec<(u32, u32, UniformParams)>,
    triangular: Vec<(u32, u32, TriangularParams)>,
    other: Vec<(u32, u32, Distribution)>,
}

impl QuantileBatch {
    /// Adds a distribution whose value goes to `slot`, driven by uniform number `dim`.
    pub fn push(&mut self, slot: u32, dim: u32, dist: &Distribution) {
        match dist {
            Distribution::Uniform(p) => self.uniform.push((slot, dim, *p)),
            Distribution::Triangular(p) => self.triangular.push((slot, dim, *p)),
            d => self.other.push((slot, dim, d.clone())),
        }
    }

    pub fn len(&self) -> usize {
        self.uniform.len() + self.triangular.len() + self.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `values[slot] = quantile(u[dim])` for every member. Allocates nothing.
    #[inline]
    pub fn apply(&self, u: &[f64], values: &mut [f64]) {
        self.apply_lanes(u.as_chunks::<1>().0, values.as_chunks_mut::<1>().0);
    }

    /// `values[slot][l] = quantile(u[dim][l])` for every member and lane: several samples'
    /// parameters at once, each lane by exactly the formula of [`Distribution::quantile`].
    /// Allocates nothing.
    #[inline(always)]
    pub fn apply_lanes<const L: usize>(&self, u: &[[f64; L]], values: &mut [[f64; L]]) {
        for &(slot, dim, p) in &self.uniform {
            let (u, v) = (&u[dim as usize], &mut values[slot as usize]);
            for l in 0..L {
                let x = u[l].clamp(U_MIN, U_MAX);
                v[l] = (p.lo + x * p.width).min(p.hi);
            }
        }
        for &(slot, dim, p) in &self.triangular {
            let (u, v) = (&u[dim as usize], &mut values[slot as usize]);
            for l in 0..L {
                let x = u[l].clamp(U_MIN, U_MAX);
                // One square root per lane, of the side the lane is on: the same operations
                // as `Distribution::quantile`'s branch, at half the cost of both sides.
                let left = x < p.fc;
                let (t_left, t_right) = (x * p.k_left, (1.0 - x) * p.k_right);
                // A bitwise choice: written as `if`, the compiler splits the lanes into scalar
                // branches around each square root.
                let m = (left as u64).wrapping_neg();
                let t = (t_left.to_bits() & m) | (t_right.to_bits() & !m);
                let r = f64::from_bits(t).sqrt();
                v[l] = (if left { p.a + r } else { p.b - r }).clamp(p.a, p.b);
            }
        }
        for (slot, dim, d) in &self.other {
            for l in 0..L {
                values[*slot as usize][l] = d.quantile(u[*dim as usize][l]);
            }
        }
    }
}
