//! The errata the spec's own code samples are known to have, pinned: a
//! sample erratum that appears or disappears fails both the test suite and
//! `cargo xtask conformance`, so a documentation defect can neither creep in
//! nor be fixed unnoticed.

use std::collections::BTreeMap;

use crate::matrix::{Column, Report};

/// The errata of the documented samples of `spec/onezone.yaml`:
/// (operationId, sample column, erratum), an entry per occurrence. See
/// `checks/samples.rs` for what each name means; the report prints each one
/// with its reason.
pub const SAMPLE_ERRATA: &[(&str, Column, &str)] = &[
    // curl: `$HANDLE_ID` in the place of the handle service id.
    ("get_public_handle_service_details", Column::Curl, "placeholder-name"),
    // curl: a concrete handle service id other than the CLI's (the example).
    ("list_handleservice_handles", Column::Curl, "parameter-value-differs"),
    ("get_handle_service_handle", Column::Curl, "parameter-value-differs"),
    // CLI: command names that are not the camelCase of the operationId.
    ("get_group_effective_handle_service", Column::Cli, "command-name"), // getEffectiveGroupHandleService
    ("list_effective_group_handle_services", Column::Cli, "command-name"), // listGroupEffective…
    ("list_handle_services", Column::Cli, "command-name"),               // getHandleServices
    ("list_effective_user_handle_service_privileges", Column::Cli, "command-name"), // listUserEffective…
    ("list_handleservice_handles", Column::Cli, "command-name"),         // getHandleServicesHandles
    // CLI: `modifyHandleService id=… password=="new_password" -`.
    ("handle_service_update", Column::Cli, "command-name"),
    ("handle_service_update", Column::Cli, "stdin-without-input"),
    ("handle_service_update", Column::Cli, "unknown-body-field"),
    ("handle_service_update", Column::Cli, "body-differs"),
];

/// How a column's errata differ from [`SAMPLE_ERRATA`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrataDiff {
    /// Found but not pinned (one line per extra occurrence, with its reason).
    pub new: Vec<String>,
    /// Pinned but not found (one line per missing occurrence).
    pub gone: Vec<String>,
}

impl ErrataDiff {
    /// Whether the column's errata are exactly the pinned ones.
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.gone.is_empty()
    }
}

/// Compares the errata `report` found in `column` with [`SAMPLE_ERRATA`],
/// occurrence by occurrence.
pub fn sample_errata_diff(report: &Report, column: Column) -> ErrataDiff {
    type Key = (String, String);
    let mut pinned: BTreeMap<Key, usize> = BTreeMap::new();
    for (op, c, name) in SAMPLE_ERRATA {
        if *c == column {
            *pinned.entry(((*op).to_owned(), (*name).to_owned())).or_default() += 1;
        }
    }
    let mut diff = ErrataDiff::default();
    for (op, c, erratum) in report.errata() {
        if c != column {
            continue;
        }
        match pinned.get_mut(&(op.clone(), erratum.name.clone())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => diff.new.push(format!("  (\"{op}\", Column::{c:?}, \"{}\"): {}", erratum.name, erratum.reason)),
        }
    }
    for ((op, name), left) in pinned {
        for _ in 0..left {
            diff.gone.push(format!("  (\"{op}\", Column::{column:?}, \"{name}\")"));
        }
    }
    diff
}
