//! Each codegen fixture's snapshot, mounted as `crate::<fixture>::{types, client}`
//! (the fixtures are generated with `types_path = crate::<fixture>::types`).

#![allow(dead_code, clippy::all)]

// The generated clients call these through `crate::`.
pub use onezone_client::{decode_error_response, encode_path_segment};

/// Output of `codegen/tests/fixtures/minimal.yaml`.
pub mod minimal {
    /// Generated schema types, plus the `Secret` they expect beside them.
    pub mod types {
        pub use onezone_types::Secret;
        include!("../../tests/output/minimal.types.rs");
    }
    /// Generated client.
    pub mod client {
        include!("../../tests/output/minimal.client.rs");
    }
}

#[cfg(test)]
mod tests {
    use super::minimal::types::{Error, Props, Thing};

    #[test]
    fn minimal_snapshot_round_trips_its_union_types() {
        let thing: Thing =
            serde_json::from_str(r#"{"name":"a","password":"pw","props":{"type":"PID","endpoint":"e"}}"#).unwrap();
        assert_eq!(thing.props, Props::Pid { endpoint: "e".into() });
        assert_eq!(format!("{:?}", thing.password), "Some(Secret(***))");
        let legacy: Error = serde_json::from_str(r#"{"error":"text"}"#).unwrap();
        assert!(matches!(legacy, Error::LegacyError(_)));
        let structured: Error = serde_json::from_str(r#"{"error":{"id":"notFound"}}"#).unwrap();
        assert!(matches!(structured, Error::StructuredError(_)));
    }
}
