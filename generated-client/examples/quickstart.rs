//! The README's client example; compiled by `cargo test` so it cannot rot.
//! The URL and token are placeholders: put a zone's in their place to run it
//! (`cargo run -p onezone-client --example quickstart`), e.g. `onezone-mock`'s
//! with `Client::with_basic_auth` as the README's mock section shows.

// README:begin
use onezone_client::types::{HandleServiceCreateRequest, HandleServicePrivilege, HandleServiceProperties};
use onezone_client::{ApiError, Client, LocationExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Any of the three schemes of the API:
    let zone = Client::with_token("https://zone.example.com", "MDAxY2xvY2F0aW9u…")?;
    // Client::with_basic_auth(url, "alice", "password"), Client::with_bearer_token(url, token),
    // Client::anonymous(url) for the public operations, or Client::builder(url) for more:
    //   .danger_accept_invalid_certs()  (self-signed zone, like the docs' `curl -k`)
    //   .ca_certificate_pem(pem)         (a private CA)
    //   .timeout(Duration::from_secs(10))

    // Create a group (201 + Location) and read the new id from the Location header.
    let created = zone.create_group().body_map(|b| b.name("Community")).send().await?;
    let gid = created.created_id()?.to_owned();

    // Register a DOI handle service for the group; every DOI field is typed.
    let body = HandleServiceCreateRequest {
        name: "Community DOIs".into(),
        proxy_endpoint: "https://handle-proxy.example.com".into(),
        service_properties: HandleServiceProperties::Doi {
            host: "https://mds.test.datacite.org".into(),
            doi_endpoint: "/doi".into(),
            metadata_endpoint: "/metadata".into(),
            media_endpoint: "/media".into(),
            prefix: "10.5072".into(),
            username: "alice".into(),
            password: "pa$$word".into(), // a Secret: Debug prints ***
            identifier_template: None,
            allow_template_override: None,
        },
    };
    let hs = zone.add_group_handle_service().id(&gid).body(body).send().await?;
    let hsid = hs.created_id()?.to_owned();

    // Errors keep the HTTP status and decode every historical error body.
    match zone.get_handle_service().id("nope").send().await {
        Ok(_) => {}
        Err(e) => {
            let e = ApiError::decode(e).await;
            println!("{:?} {:?}: {}", e.status(), e.id(), e.description());
        }
    }

    // The older API's "set the group's privileges to exactly this list",
    // as a read + one grant/revoke PATCH (not atomic, see its docs).
    zone.set_handle_service_group_privileges(&hsid, &gid, &[HandleServicePrivilege::HandleServiceView]).await?;
    Ok(())
}
// README:end
