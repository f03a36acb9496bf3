//! The documented DOI/PID handle-service examples survive a round trip
//! through the generated types with every field intact — the upstream form of
//! the schema made Rust generators drop them.
//!
//! Test data transcribed from the Onezone 21.02.7 documentation (schema
//! examples of `HandleService` and `PIDServiceProperties`), with `prefix` as a
//! string as the schema requires (the documentation's numeric `10.5072` is an
//! erratum; see spec/README.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use onezone_types::{HandleService, HandleServiceProperties, HandleServicePropertiesUpdate, HandleServiceUpdate};
use serde_json::{Value, json};

fn documented_handle_service() -> Value {
    json!({
        "handleServiceId": "cdca849d2b71bc7205f3eab686cf62fb",
        "name": "MyCommunity Handle service",
        "proxyEndpoint": "https://localhost:17000/handle_proxy",
        "serviceProperties": {
            "type": "DOI",
            "host": "https://mds.test.datacite.org",
            "doiEndpoint": "/doi",
            "metadataEndpoint": "/metadata",
            "mediaEndpoint": "/media",
            "prefix": "10.5072",
            "username": "alice",
            "password": "pa$$word",
            "identifierTemplate": "{{space.name}}-{{space.guid}}",
            "allowTemplateOverride": false
        },
        "creator": {"type": "user", "id": "7434b256e71e1052e0d5e3e9da657ebf"},
        "creationTime": 1576152793
    })
}

#[test]
fn doi_handle_service_round_trips_with_every_field() {
    let json = documented_handle_service();
    let hs: HandleService = serde_json::from_value(json.clone()).unwrap();
    match &hs.service_properties {
        HandleServiceProperties::Doi {
            host,
            doi_endpoint,
            metadata_endpoint,
            media_endpoint,
            prefix,
            username,
            password,
            identifier_template,
            allow_template_override,
        } => {
            assert_eq!(host, "https://mds.test.datacite.org");
            assert_eq!(
                (doi_endpoint.as_str(), metadata_endpoint.as_str(), media_endpoint.as_str()),
                ("/doi", "/metadata", "/media")
            );
            assert_eq!((prefix.as_str(), username.as_str(), password.expose()), ("10.5072", "alice", "pa$$word"));
            assert_eq!(identifier_template.as_deref(), Some("{{space.name}}-{{space.guid}}"));
            assert_eq!(*allow_template_override, Some(false));
        }
        other => panic!("decoded as {other:?}"),
    }
    assert_eq!(serde_json::to_value(&hs).unwrap(), json, "serialization lost or changed a field");
    assert!(!format!("{hs:?}").contains("pa$$word"), "password visible in Debug");
}

#[test]
fn pid_properties_round_trip_and_are_not_mistaken_for_doi() {
    let json = json!({
        "type": "PID",
        "endpoint": "https://epic.grnet.gr/api/v2/handles",
        "prefix": "11789",
        "autoSuffixGeneration": false,
        "suffixPrefix": "{{space.name}}",
        "suffixSuffix": "{{space.uuid}}",
        "username": "alice",
        "password": "pa$$word",
        "identifierTemplate": "{{space.name}}-{{space.guid}}",
        "allowTemplateOverride": false
    });
    let props: HandleServiceProperties = serde_json::from_value(json.clone()).unwrap();
    assert!(matches!(props, HandleServiceProperties::Pid { .. }), "{props:?}");
    assert_eq!(serde_json::to_value(&props).unwrap(), json);
}

#[test]
fn documented_numeric_prefix_is_rejected_not_silently_accepted() {
    let mut json = documented_handle_service();
    json["serviceProperties"]["prefix"] = json!(10.5072);
    let err = serde_json::from_value::<HandleService>(json).unwrap_err().to_string();
    assert!(err.contains("expected a string"), "{err}");
}

#[test]
fn partial_update_keeps_only_given_fields() {
    let json = json!({"serviceProperties": {"type": "DOI", "host": "https://mds.test.datacite.org", "username": "alice", "password": "pa$$word"}});
    let update: HandleServiceUpdate = serde_json::from_value(json.clone()).unwrap();
    assert!(matches!(update.service_properties, Some(HandleServicePropertiesUpdate::Doi { .. })));
    assert_eq!(serde_json::to_value(&update).unwrap(), json);
}
