//! `client_latency_ratio_vs_reqwest`: sequential calls of the generated
//! client against raw `reqwest` calls building the same request, against the
//! same in-process `onezone-mock`, interleaved call by call in pairs (each
//! side first in half of them), bounded in count and time.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use onezone_client::Client;
use onezone_client::types::{
    HandleService, HandleServicePrivilege as Privilege, HandleServicePrivileges, HandleServicePrivilegesUpdate,
};
use onezone_mock::{Seed, Zone};
use onezone_server::ServerConfig;
use reqwest::header::{ACCEPT, HeaderValue};
use serde_json::{Value, json};
use tokio::runtime::Runtime;

use crate::stats;

const TOKEN: &str = "bench-client-token";
const HS: &str = "hs1";
const GID: &str = "g1";
const API_VERSION: &str = "21.02.7";

const SEED: &str = r#"
users:
  - username: bench
    tokens: [bench-client-token]
    admin: all
groups:
  - name: Bench Group
    id: g1
handleServices:
  - name: Bench DOI
    id: hs1
    proxyEndpoint: https://handle-proxy.example.org/bench
    serviceProperties:
      type: DOI
      host: https://mds.test.datacite.org
      doiEndpoint: /doi
      metadataEndpoint: /metadata
      mediaEndpoint: /media
      prefix: "10.80001"
      username: bench-repository
      password: bench-secret
    groups:
      - group: Bench Group
        privileges: [handle_service_view]
"#;

/// Sizes of a run.
pub struct Plan {
    pub warmup: usize,
    pub pairs: usize,
    /// The whole part stops by then, measured pairs or not (each operation
    /// has an equal share).
    pub time_limit: Duration,
}

/// The raw-reqwest side: a plain `reqwest::Client` with the same timeouts
/// as the generated client's default, the same headers set per request.
struct Raw {
    http: reqwest::Client,
    base: String,
    token: HeaderValue,
}

impl Raw {
    async fn get_handle_service(&self, id: &str) -> anyhow::Result<HandleService> {
        let response = self
            .http
            .get(format!("{}/handle_services/{id}", self.base))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header("api-version", HeaderValue::from_static(API_VERSION))
            .header("x-auth-token", self.token.clone())
            .send()
            .await?;
        if response.status() != reqwest::StatusCode::OK {
            bail!("get_handle_service: status {}", response.status());
        }
        Ok(response.json().await?)
    }

    async fn update_privileges(&self, id: &str, gid: &str, body: &HandleServicePrivilegesUpdate) -> anyhow::Result<()> {
        let response = self
            .http
            .patch(format!("{}/handle_services/{id}/groups/{gid}/privileges", self.base))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header("api-version", HeaderValue::from_static(API_VERSION))
            .header("x-auth-token", self.token.clone())
            .json(body)
            .send()
            .await?;
        if response.status() != reqwest::StatusCode::NO_CONTENT {
            bail!("update_group_handle_service_privileges: status {}", response.status());
        }
        Ok(())
    }
}

/// The PATCH body of a pair's first call (grant `handle_service_update`)
/// or second call (revoke it): every call changes the server's state, so
/// both sides do the same work, and each pair leaves the state as it found it.
fn update(first: bool) -> HandleServicePrivilegesUpdate {
    let p = HandleServicePrivileges(vec![Privilege::HandleServiceUpdate]);
    if first {
        HandleServicePrivilegesUpdate { grant: Some(p), revoke: None }
    } else {
        HandleServicePrivilegesUpdate { grant: None, revoke: Some(p) }
    }
}

/// The two timed operations.
#[derive(Clone, Copy)]
enum Op {
    Get,
    Patch,
}

impl Op {
    const ALL: [Op; 2] = [Op::Get, Op::Patch];

    fn key(self) -> &'static str {
        match self {
            Op::Get => "get_handle_service",
            Op::Patch => "update_group_handle_service_privileges",
        }
    }
}

/// One timed call through the generated client.
async fn time_generated(client: &Client, op: Op, first: bool) -> anyhow::Result<Duration> {
    let t = Instant::now();
    match op {
        Op::Get => {
            client.get_handle_service().id(HS).send().await?.into_inner();
        }
        Op::Patch => {
            client.update_group_handle_service_privileges().id(HS).gid(GID).body(update(first)).send().await?;
        }
    }
    Ok(t.elapsed())
}

/// One timed call through raw reqwest.
async fn time_raw(raw: &Raw, op: Op, first: bool) -> anyhow::Result<Duration> {
    let t = Instant::now();
    match op {
        Op::Get => {
            raw.get_handle_service(HS).await?;
        }
        Op::Patch => raw.update_privileges(HS, GID, &update(first)).await?,
    }
    Ok(t.elapsed())
}

/// Whether group `GID` holds `handle_service_update` on `HS` now.
async fn holds_update(client: &Client) -> anyhow::Result<bool> {
    let held = client.list_group_handle_service_privileges().id(HS).gid(GID).send().await?.into_inner();
    Ok(held.privileges.0.contains(&Privilege::HandleServiceUpdate))
}

/// Runs the comparison; returns the JSON section and the headline ratio
/// (geometric mean of the per-operation ratios of the p50s).
pub fn run(server_rt: &Runtime, client_rt: &Runtime, plan: &Plan) -> anyhow::Result<(Value, f64)> {
    let zone = Zone::from_seed(Seed::from_yaml(SEED)?)?;
    let mock = server_rt
        .block_on(onezone_mock::start(zone, "127.0.0.1:0".parse()?, ServerConfig::default()))
        .context("cannot start the in-process mock")?;
    let url = mock.url();
    let generated = Client::with_token(&url, TOKEN)?;
    let raw = Raw {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .build()?,
        base: onezone_client::api_base_url(&url)?,
        token: HeaderValue::from_static(TOKEN),
    };

    let started = Instant::now();
    let result = client_rt.block_on(async {
        // Same answer from both before timing anything.
        let a = generated.get_handle_service().id(HS).send().await?.into_inner();
        let b = raw.get_handle_service(HS).await?;
        if a != b {
            bail!("the generated client and raw reqwest decode different handle services");
        }
        // Both sides' PATCHes take effect, as the first call of a pair
        // (grant) and as the second (revoke).
        for generated_first in [true, false] {
            let before = holds_update(&generated).await?;
            if generated_first {
                time_generated(&generated, Op::Patch, true).await?;
            } else {
                time_raw(&raw, Op::Patch, true).await?;
            }
            let between = holds_update(&generated).await?;
            if generated_first {
                time_raw(&raw, Op::Patch, false).await?;
            } else {
                time_generated(&generated, Op::Patch, false).await?;
            }
            let after = holds_update(&generated).await?;
            if (before, between, after) != (false, true, false) {
                bail!(
                    "a PATCH pair ({} first) left handle_service_update held {before} → {between} → {after}, not false → true → false",
                    if generated_first { "generated" } else { "raw reqwest" }
                );
            }
        }

        let mut sections = serde_json::Map::new();
        let mut ratios = Vec::new();
        let mut pair_medians = Vec::new();
        let mut cut_short = false;
        for (k, op) in Op::ALL.into_iter().enumerate() {
            // Each operation has its share of the part's time limit.
            let deadline = started + plan.time_limit.mul_f64((k + 1) as f64 / Op::ALL.len() as f64);
            let mut gen_us = Vec::with_capacity(plan.pairs);
            let mut raw_us = Vec::with_capacity(plan.pairs);
            let mut pair_ratios = Vec::with_capacity(plan.pairs);
            for i in 0..plan.warmup + plan.pairs {
                if Instant::now() >= deadline {
                    cut_short = true;
                    break;
                }
                // A B, B A, A B, …: each side goes first in half of the
                // pairs; the first call of a pair grants, the second revokes.
                let (a, b) = if i % 2 == 0 {
                    let a = time_generated(&generated, op, true).await?;
                    (a, time_raw(&raw, op, false).await?)
                } else {
                    let b = time_raw(&raw, op, true).await?;
                    (time_generated(&generated, op, false).await?, b)
                };
                if i >= plan.warmup {
                    gen_us.push(a.as_secs_f64() * 1e6);
                    raw_us.push(b.as_secs_f64() * 1e6);
                    pair_ratios.push(stats::ratio(a.as_secs_f64(), b.as_secs_f64()));
                }
            }
            if pair_ratios.is_empty() {
                bail!(
                    "{}: the part's time limit ({} s) left no time for a measured pair",
                    op.key(),
                    plan.time_limit.as_secs()
                );
            }
            let ratio = stats::ratio(stats::median(&gen_us), stats::median(&raw_us));
            let pair_median = stats::median(&pair_ratios);
            eprintln!(
                "  client {:<39} generated p50 {:>7.1} µs, raw reqwest p50 {:>7.1} µs, ratio {ratio:.3} (median of per-pair ratios {pair_median:.3})",
                op.key(),
                stats::median(&gen_us),
                stats::median(&raw_us)
            );
            ratios.push(ratio);
            pair_medians.push(pair_median);
            sections.insert(
                op.key().to_owned(),
                json!({
                    "ratio_p50": stats::num(ratio),
                    "median_pair_ratio": stats::num(pair_median),
                    "pair_ratio_quartiles": [
                        stats::num(stats::quantile(&pair_ratios, 0.25)),
                        stats::num(pair_median),
                        stats::num(stats::quantile(&pair_ratios, 0.75)),
                    ],
                    "pairs_measured": pair_ratios.len(),
                    "generated": stats::latency_summary(&gen_us),
                    "raw_reqwest": stats::latency_summary(&raw_us),
                }),
            );
        }
        Ok((sections, ratios, pair_medians, cut_short))
    });
    server_rt.block_on(mock.shutdown())?;
    let (sections, ratios, pair_medians, cut_short) = result?;
    let headline = stats::geomean(&ratios);
    let section = json!({
        "server": "onezone-mock in-process (own runtime), loopback",
        "pairs": plan.pairs,
        "warmup_pairs": plan.warmup,
        "time_limit_s": plan.time_limit.as_secs_f64(),
        "cut_short_by_time_limit": cut_short,
        "order": "sequential pairs A B, B A, A B, … (generated call, raw reqwest call; each side first in half of the pairs); PATCH: a pair's first call grants handle_service_update, its second revokes it",
        "estimator": "headline = geometric mean over the operations of p50(generated) / p50(raw reqwest); median_pair_ratio = median over pairs of generated / raw latency, beside it",
        "geomean_ratio_p50": stats::num(headline),
        "geomean_median_pair_ratio": stats::num(stats::geomean(&pair_medians)),
        "operations": Value::Object(sections),
    });
    Ok((section, headline))
}
