//! Which URL a call goes to: the base path and the path parameters.

use onezone_client::Client;
use onezone_test_support::{RecordingServer, Reply};

use crate::{GID, HSID, api};

#[tokio::test]
async fn the_zone_url_gets_the_api_base_path_exactly_once() {
    let server = RecordingServer::builder().default_reply(Reply::no_content()).start().await;
    let zone_urls = [
        server.url().to_owned(),
        format!("{}/", server.url()),
        format!("{}/api/v3/onezone", server.url()),
        format!("{}/api/v3/onezone/", server.url()),
    ];
    for zone_url in &zone_urls {
        let client = Client::with_token(zone_url, "t").unwrap();
        client.remove_handle_service_group().id(HSID).gid(GID).send().await.expect("204");
    }
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    let expected = format!("/api/v3/onezone/handle_services/{HSID}/groups/{GID}");
    assert_eq!(paths, vec![expected; zone_urls.len()], "zone URLs: {zone_urls:?}");
}

#[tokio::test]
async fn reserved_characters_in_path_parameters_are_percent_encoded() {
    let server = RecordingServer::builder().default_reply(Reply::no_content()).start().await;
    let client = Client::with_token(server.url(), "t").unwrap();
    // Each of these would change which resource is addressed if sent raw:
    // '/' adds a segment, '?' starts a query, '#' a fragment, '%' an escape.
    client.remove_handle_service_group().id("hs/../x?y#z").gid("50%off").send().await.expect("204");
    client.remove_handle_service_group().id("with space").gid("zażółć").send().await.expect("204");

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].path, api("/handle_services/hs%2F..%2Fx%3Fy%23z/groups/50%25off"));
    assert_eq!(requests[0].query(), None, "'?' in an id must not start a query");
    assert_eq!(requests[1].path, api("/handle_services/with%20space/groups/za%C5%BC%C3%B3%C5%82%C4%87"));
    assert!(requests.iter().all(|r| r.method == "DELETE"));
}
