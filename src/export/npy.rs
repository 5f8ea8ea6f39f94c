//! A NumPy `.npy` writer (format 1.0, little-endian `f64`, C order), streamed row by row.

use std::io::Write;

/// Writes the header of a `rows × cols` array of `f64`; the caller then writes `rows` rows of
/// `cols` values each with [`write_row`].
pub fn write_header<W: Write>(w: &mut W, rows: usize, cols: usize) -> std::io::Result<()> {
    let dict = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}");
    // magic (6) + version (2) + header length (2) + dict + padding + '\n' ≡ 0 (mod 64)
    let unpadded = 10 + dict.len() + 1;
    let pad = unpadded.next_multiple_of(64) - unpadded;
    let header = format!("{dict}{}\n", " ".repeat(pad));
    w.write_all(b"\x93NUMPY\x01\x00")?;
    w.write_all(&(header.len() as u16).to_le_bytes())?;
    w.write_all(header.as_bytes())
}

/// Writes one row of values.
pub fn write_row<W: Write>(w: &mut W, row: &[f64]) -> std::io::Result<()> {
    for x in row {
        w.write_all(&x.to_le_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_aligned_and_describes_the_array() {
        let mut b = Vec::new();
        write_header(&mut b, 3, 2).unwrap();
        assert_eq!(b.len() % 64, 0);
        assert_eq!(&b[..8], b"\x93NUMPY\x01\x00");
        let len = u16::from_le_bytes([b[8], b[9]]) as usize;
        assert_eq!(10 + len, b.len());
        let text = std::str::from_utf8(&b[10..]).unwrap();
        assert!(text.contains("'shape': (3, 2)"), "{text}");
        assert!(text.ends_with('\n'));
        write_row(&mut b, &[1.5, -2.0]).unwrap();
        assert_eq!(&b[b.len() - 8..], &(-2.0f64).to_le_bytes());
    }
}
