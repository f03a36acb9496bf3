//! Maps, number formats and bounds, non-empty lists, a default, nullable
//! values.

use std::sync::Arc;

use codegen_fixture_check::maps::{server, types};
use onezone_server::{ApiError, Auth, Credentials, Json, NoContent, RequestContext};
use serde_json::json;

use crate::call;

struct Meters;

impl Auth for Meters {
    type Claims = ();

    async fn authenticate(&self, credentials: &Credentials, _: &RequestContext) -> Result<(), ApiError> {
        match credentials {
            Credentials::Bearer(t) if t == "t" => Ok(()),
            _ => Err(ApiError::unauthorized(None)),
        }
    }
}

impl server::MeterApi for Meters {
    async fn record_reading(
        &self,
        _: &RequestContext,
        _: (),
        request: server::RecordReadingRequest,
    ) -> Result<Json<types::Reading>, ApiError> {
        // The Rust types typify picks for the formats.
        let reading = request.body;
        let _: (i32, Option<i64>, Option<u8>, f32, Option<f64>) =
            (reading.count, reading.total, reading.small, reading.ratio, reading.precise);
        Ok(Json(reading))
    }

    async fn set_labels(
        &self,
        _: &RequestContext,
        _: (),
        request: server::SetLabelsRequest,
    ) -> Result<NoContent, ApiError> {
        let types::Labels { owner, extra } = request.body;
        let _: std::collections::BTreeMap<String, i32> = extra;
        if owner.is_empty() { Err(ApiError::internal(None)) } else { Ok(NoContent) }
    }
}

const BEARER: (&str, &str) = ("authorization", "Bearer t");

#[tokio::test]
async fn valid_values_come_back_unchanged() {
    let app = server::router(Arc::new(Meters));
    for body in [
        json!({"count": 3, "ratio": 0.5, "unit": null}),
        json!({"count": -2147483648, "total": 9007199254740993_i64, "small": 255, "ratio": 3.0e38, "precise": 1.0e300,
               "unit": "kWh", "comment": "ok", "tags": {"site": "north", "floor": "2"},
               "limits": {"cpu": {"max": 8, "hard": true}, "disk": {"max": 100}},
               "series": {"t": [1.5, 2.5], "empty": []}, "fallback": {"max": 1}}),
        json!({"count": 1, "ratio": 0.0, "unit": null, "level": 1000, "floor": 1, "share": 0.5, "kinds": ["gas"],
               "notes": ["n"], "serial": "s-1"}),
        json!({"count": 1, "ratio": 0.0, "unit": null, "level": 1, "floor": 2147483647, "share": -1.0e300}),
    ] {
        let answer = call(&app, "POST", "/meters/readings", BEARER, Some(&body)).await;
        // An absent `level` comes back as its default.
        let mut expected = body.clone();
        expected.as_object_mut().unwrap().entry("level").or_insert(json!(10));
        assert_eq!((answer.status, &answer.body), (200, &expected), "through the typed body and back");
    }
    let answer =
        call(&app, "PUT", "/meters/labels", BEARER, Some(&json!({"owner": "ops", "shelves": 4, "racks": -1}))).await;
    assert_eq!(answer.status, 204, "{answer:?}");
}

#[tokio::test]
async fn a_value_the_schema_refuses_gets_the_onedata_error() {
    let app = server::router(Arc::new(Meters));
    let base = json!({"count": 3, "ratio": 0.5, "unit": null});
    let with = |key: &str, value: serde_json::Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };
    for (body, id, details) in [
        (with("tags", json!({"site": "north", "x": 1})), "badValueString", json!({"key": "tags.x"})),
        (with("tags", json!(["x"])), "badValueJSON", json!({"key": "tags"})),
        (with("limits", json!({"cpu": {"hard": true}})), "missingRequiredValue", json!({"key": "limits.cpu.max"})),
        (with("limits", json!({"cpu": 3})), "badValueJSON", json!({"key": "limits.cpu"})),
        (with("series", json!({"t": [1.5, "a"]})), "badValueFloat", json!({"key": "series.t"})),
        (with("count", json!(2_147_483_648_i64)), "badValueInteger", json!({"key": "count"})),
        (with("count", json!(1.5)), "badValueInteger", json!({"key": "count"})),
        (with("small", json!(256)), "badValueInteger", json!({"key": "small"})),
        (with("small", json!(-1)), "badValueInteger", json!({"key": "small"})),
        (with("total", json!(9_223_372_036_854_775_808_u64)), "badValueInteger", json!({"key": "total"})),
        (with("ratio", json!(3.5e38)), "badValueFloat", json!({"key": "ratio"})),
        (with("ratio", json!(null)), "badValueFloat", json!({"key": "ratio"})),
        (with("comment", json!(5)), "badValueString", json!({"key": "comment"})),
        (json!({"count": 3, "ratio": 0.5}), "missingRequiredValue", json!({"key": "unit"})),
        (with("fallback", json!({})), "missingRequiredValue", json!({"key": "fallback.max"})),
        (with("level", json!(0)), "badValueNotInRange", json!({"key": "level", "low": 1, "high": 1000})),
        (with("level", json!(1001)), "badValueNotInRange", json!({"key": "level", "low": 1, "high": 1000})),
        (with("level", json!(5.5)), "badValueInteger", json!({"key": "level"})),
        (with("floor", json!(0)), "badValueTooLow", json!({"key": "floor", "limit": 1})),
        (with("floor", json!(-2_147_483_649_i64)), "badValueInteger", json!({"key": "floor"})),
        (with("share", json!(0.75)), "badValueTooHigh", json!({"key": "share", "limit": 0.5})),
        (with("share", json!(1)), "badValueTooHigh", json!({"key": "share", "limit": 0.5})),
        (with("kinds", json!([])), "badValueEmpty", json!({"key": "kinds"})),
        (with("kinds", json!(["oil"])), "badValueListNotAllowed", json!({"key": "kinds", "allowed": ["gas", "power"]})),
        (with("notes", json!([])), "badValueEmpty", json!({"key": "notes"})),
        (with("notes", json!([1])), "badValueString", json!({"key": "notes"})),
    ] {
        let answer = call(&app, "POST", "/meters/readings", BEARER, Some(&body)).await;
        assert_eq!(answer.status, 400, "{body} → {answer:?}");
        assert_eq!(answer.error(), (&json!(id), &details), "{body}");
    }
    for (body, id, details) in [
        (json!({"owner": "ops", "shelves": "four"}), "badValueInteger", json!({"key": "shelves"})),
        (json!({"owner": 1}), "badValueString", json!({"key": "owner"})),
        (json!({"shelves": 1}), "missingRequiredValue", json!({"key": "owner"})),
    ] {
        let answer = call(&app, "PUT", "/meters/labels", BEARER, Some(&body)).await;
        assert_eq!((answer.status, answer.error()), (400, (&json!(id), &details)), "{body}");
    }
}
