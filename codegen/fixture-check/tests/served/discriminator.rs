//! Discriminated unions: every shape a tagged enum keeping all its fields.

use std::collections::BTreeMap;
use std::sync::Arc;

use codegen_fixture_check::discriminator::{server, types};
use onezone_server::{ApiError, Auth, Credentials, Json, RequestContext};
use serde_json::json;

use crate::call;

struct Notices;

impl Auth for Notices {
    type Claims = ();

    async fn authenticate(&self, credentials: &Credentials, _: &RequestContext) -> Result<(), ApiError> {
        match credentials {
            Credentials::Token(t) if t == "t" => Ok(()),
            _ => Err(ApiError::unauthorized(None)),
        }
    }
}

impl server::NoticeApi for Notices {
    async fn subscribe(
        &self,
        _: &RequestContext,
        _: (),
        request: server::SubscribeRequest,
    ) -> Result<Json<types::Subscription>, ApiError> {
        Ok(Json(request.body))
    }
}

const TOKEN: (&str, &str) = ("x-auth-token", "t");
const PATH: &str = "/notices/v1/subscriptions";

#[tokio::test]
async fn every_variant_keeps_its_fields() {
    let app = server::router(Arc::new(Notices));
    for body in [
        json!({"channel": {"kind": "email", "address": "a@example.com", "digest": true, "label": "me"}}),
        json!({"channel": {"kind": "sms", "number": "+48 100"}, "schedule": {"every": "day", "at": "08:00"}}),
        json!({"channel": {"kind": "web.hook", "url": "https://h.example.com", "headers": {"x-team": "blue"}},
               "schedule": {"every": "week", "weekday": "mon"}, "quiet": {"mode": "nightly", "from": "22:00", "to": "07:00"}}),
        json!({"channel": {"kind": "email", "address": "a@example.com"}, "quiet": {"mode": "never"}}),
    ] {
        let answer = call(&app, "POST", PATH, TOKEN, Some(&body)).await;
        assert_eq!((answer.status, &answer.body), (200, &body), "through the typed body and back");
    }
}

#[tokio::test]
async fn a_body_the_union_refuses_gets_the_onedata_error() {
    let app = server::router(Arc::new(Notices));
    let email = json!({"kind": "email", "address": "a"});
    for (body, id, details) in [
        (
            json!({"channel": {"kind": "fax"}}),
            "badValueNotAllowed",
            json!({"key": "channel.kind", "allowed": ["email", "sms", "web.hook"]}),
        ),
        (json!({"channel": {"label": "x"}}), "missingRequiredValue", json!({"key": "channel.kind"})),
        (json!({"channel": {"kind": 1}}), "badValueString", json!({"key": "channel.kind"})),
        (json!({"channel": {"kind": "sms"}}), "missingRequiredValue", json!({"key": "channel.number"})),
        (
            json!({"channel": {"kind": "email", "address": "a", "digest": "yes"}}),
            "badValueBoolean",
            json!({"key": "channel.digest"}),
        ),
        (
            json!({"channel": {"kind": "web.hook", "url": "u", "headers": {"x-team": 1}}}),
            "badValueString",
            json!({"key": "channel.headers.x-team"}),
        ),
        (
            json!({"channel": email, "schedule": {"every": "month"}}),
            "badValueNotAllowed",
            json!({"key": "schedule.every", "allowed": ["day", "week"]}),
        ),
        (
            json!({"channel": email, "schedule": {"every": "week"}}),
            "missingRequiredValue",
            json!({"key": "schedule.weekday"}),
        ),
        (
            json!({"channel": email, "schedule": {"every": "week", "weekday": "someday"}}),
            "badValueNotAllowed",
            json!({"key": "schedule.weekday", "allowed": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}),
        ),
        (
            json!({"channel": email, "quiet": {"mode": "nightly", "from": "22:00"}}),
            "missingRequiredValue",
            json!({"key": "quiet.to"}),
        ),
        (
            json!({"channel": email, "quiet": {"mode": "often"}}),
            "badValueNotAllowed",
            json!({"key": "quiet.mode", "allowed": ["never", "nightly"]}),
        ),
    ] {
        let answer = call(&app, "POST", PATH, TOKEN, Some(&body)).await;
        assert_eq!(answer.status, 400, "{body} → {answer:?}");
        assert_eq!(answer.error(), (&json!(id), &details), "{body}");
    }
}

/// The Rust side: one enum per union, a struct variant per subtype with all
/// its fields (the base's too), a unit variant for a variant of the tag alone.
#[test]
fn the_unions_are_tagged_enums() {
    let hook = types::Channel::WebHook {
        url: "https://h.example.com".into(),
        headers: BTreeMap::from([("x-team".to_owned(), "blue".to_owned())]),
        label: Some("ops".into()),
    };
    assert_eq!(
        serde_json::to_value(&hook).unwrap(),
        json!({"kind": "web.hook", "url": "https://h.example.com", "headers": {"x-team": "blue"}, "label": "ops"})
    );
    let sms: types::Channel = serde_json::from_value(json!({"kind": "sms", "number": "1"})).unwrap();
    assert_eq!(sms, types::Channel::Sms { number: "1".into(), label: None });
    let week = types::Schedule::Week { weekday: types::ScheduleWeekday::Fri };
    assert_eq!(serde_json::to_value(&week).unwrap(), json!({"every": "week", "weekday": "fri"}));
    assert_eq!(serde_json::to_value(types::Quiet::Never).unwrap(), json!({"mode": "never"}));
    // The subtypes stay types of their own (`web.hook` under its new name).
    let _: types::WebHook = serde_json::from_value(json!({"kind": "web.hook", "url": "u"})).unwrap();
}
