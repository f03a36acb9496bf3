//! `client_latency_ratio_vs_reqwest`: sequential calls of the generated
//! client against raw `reqwest` calls building the same request, against the
//! same in-process `onezone-mock`, interleaved call by call.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use onezone_client::Client;
use onezone_client::types::{
    HandleService, HandleServicePrivileges, HandleServicePrivilegesItem as Privilege, HandleServicePrivilegesUpdate,
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

fn update(i: usize) -> HandleServicePrivilegesUpdate {
    let p = HandleServicePrivileges(vec![Privilege::HandleServiceUpdate]);
    if i.is_multiple_of(2) {
        HandleServicePrivilegesUpdate { grant: Some(p), revoke: None }
    } else {
        HandleServicePrivilegesUpdate { grant: None, revoke: Some(p) }
    }
}

/// Runs the comparison; returns the JSON section and the headline ratio
/// (geometric mean of the per-operation p50 ratios).
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

    let result = client_rt.block_on(async {
        // Same answer from both before timing anything.
        let a = generated.get_handle_service().id(HS).send().await?.into_inner();
        let b = raw.get_handle_service(HS).await?;
        if a != b {
            bail!("the generated client and raw reqwest decode different handle services");
        }

        let mut sections = serde_json::Map::new();
        let mut ratios = Vec::new();
        for op in ["get_handle_service", "update_group_handle_service_privileges"] {
            let mut gen_us = Vec::with_capacity(plan.pairs);
            let mut raw_us = Vec::with_capacity(plan.pairs);
            for i in 0..plan.warmup + plan.pairs {
                // A B A B …: one generated call, then one raw call.
                let t = Instant::now();
                match op {
                    "get_handle_service" => {
                        generated.get_handle_service().id(HS).send().await?.into_inner();
                    }
                    _ => {
                        generated
                            .update_group_handle_service_privileges()
                            .id(HS)
                            .gid(GID)
                            .body(update(i))
                            .send()
                            .await?;
                    }
                }
                let a = t.elapsed();
                let t = Instant::now();
                match op {
                    "get_handle_service" => {
                        raw.get_handle_service(HS).await?;
                    }
                    _ => raw.update_privileges(HS, GID, &update(i + 1)).await?,
                }
                let b = t.elapsed();
                if i >= plan.warmup {
                    gen_us.push(a.as_secs_f64() * 1e6);
                    raw_us.push(b.as_secs_f64() * 1e6);
                }
            }
            let ratio = stats::ratio(stats::median(&gen_us), stats::median(&raw_us));
            eprintln!(
                "  client {op:<39} generated p50 {:>7.1} µs, raw reqwest p50 {:>7.1} µs, ratio {ratio:.3}",
                stats::median(&gen_us),
                stats::median(&raw_us)
            );
            ratios.push(ratio);
            sections.insert(
                op.to_owned(),
                json!({
                    "ratio_p50": stats::num(ratio),
                    "generated": stats::latency_summary(&gen_us),
                    "raw_reqwest": stats::latency_summary(&raw_us),
                }),
            );
        }
        Ok((sections, ratios))
    });
    server_rt.block_on(mock.shutdown())?;
    let (sections, ratios) = result?;
    let headline = stats::geomean(&ratios);
    let section = json!({
        "server": "onezone-mock in-process (own runtime), loopback",
        "pairs": plan.pairs,
        "warmup_pairs": plan.warmup,
        "order": "sequential, A B A B … (generated call, raw reqwest call)",
        "geomean_ratio_p50": stats::num(headline),
        "operations": Value::Object(sections),
    });
    Ok((section, headline))
}
