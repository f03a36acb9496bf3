//! Medians, percentiles and geometric means over samples.

use serde_json::{Value, json};

/// The `q`-quantile (0..=1) by linear interpolation between order
/// statistics; `NaN` for no samples.
pub fn quantile(samples: &[f64], q: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

/// The median.
pub fn median(samples: &[f64]) -> f64 {
    quantile(samples, 0.5)
}

/// Geometric mean of positive values; `NaN` when there are none.
pub fn geomean(values: &[f64]) -> f64 {
    if values.is_empty() || values.iter().any(|v| !v.is_finite() || *v <= 0.0) {
        return f64::NAN;
    }
    (values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64).exp()
}

/// Ratio `a / b`; `NaN` when `b` is not positive.
pub fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::NAN }
}

/// A JSON number, or `null` for `NaN`/infinite values (JSON has none).
pub fn num(x: f64) -> Value {
    if x.is_finite() { json!(round(x, 6)) } else { Value::Null }
}

/// `x` rounded to `digits` decimals, to keep results.json readable.
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// Samples as a JSON array of numbers.
pub fn nums(samples: &[f64]) -> Value {
    Value::Array(samples.iter().map(|x| num(*x)).collect())
}

/// Median and spread of a sample set for the JSON report.
pub fn summary(samples: &[f64]) -> Value {
    json!({
        "median": num(median(samples)),
        "min": num(quantile(samples, 0.0)),
        "max": num(quantile(samples, 1.0)),
        "samples": nums(samples),
    })
}

/// Latency percentiles (values in microseconds) for the JSON report.
pub fn latency_summary(samples_us: &[f64]) -> Value {
    json!({
        "count": samples_us.len(),
        "p50_us": num(quantile(samples_us, 0.5)),
        "p90_us": num(quantile(samples_us, 0.9)),
        "p99_us": num(quantile(samples_us, 0.99)),
        "max_us": num(quantile(samples_us, 1.0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 3.0, 4.0]), 2.5);
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.0), 1.0);
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 1.0), 5.0);
        assert!(median(&[]).is_nan());
        assert!((geomean(&[1.0, 4.0]) - 2.0).abs() < 1e-12);
        assert!(geomean(&[1.0, 0.0]).is_nan());
    }
}
