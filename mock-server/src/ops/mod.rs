//! One method of [`Zone`](crate::Zone) per operation of the spec, grouped by
//! the spec's tags.
//!
//! Every operation checks, in this order: the caller is a user of this zone
//! (401), every entity named in the path exists and, on member paths of read
//! and privilege operations, the named member really is one (404), the caller
//! is allowed (403), then the request itself (400 / 409).

mod group;
mod handle_service;
mod user;

use std::collections::{BTreeMap, BTreeSet};

use onezone_types::{HandleServiceCreateRequest, HandleServices, Subject};

use crate::ids::unix_now;
use crate::privileges::HsPrivilege;
use crate::state::{HsRec, State};

/// Registers a handle service with the given direct members and returns its
/// id.
fn create_handle_service(
    state: &mut State,
    req: HandleServiceCreateRequest,
    creator: Subject,
    users: BTreeMap<String, BTreeSet<HsPrivilege>>,
    groups: BTreeMap<String, BTreeSet<HsPrivilege>>,
) -> String {
    let id = state.fresh_hs_id();
    state.handle_services.insert(
        id.clone(),
        HsRec {
            id: id.clone(),
            name: req.name,
            proxy_endpoint: req.proxy_endpoint,
            service_properties: req.service_properties,
            creator,
            creation_time: unix_now(),
            users,
            groups,
            handles: BTreeMap::new(),
        },
    );
    id
}

fn hs_list(ids: impl IntoIterator<Item = String>) -> HandleServices {
    HandleServices { handle_services: ids.into_iter().collect() }
}
