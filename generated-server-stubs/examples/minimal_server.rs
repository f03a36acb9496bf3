//! The README's server example, compiled by `cargo test` so it cannot rot.
//! Run: `cargo run -p onezone-server --example minimal_server`, then
//! `curl -H 'X-Auth-Token: secret' http://127.0.0.1:8081/api/v3/onezone/groups/g1`.

// README:begin
use onezone_server::types::{Group, GroupType};
use onezone_server::{ApiError, Auth, Credentials, GetGroupRequest, GroupApi, Json, RequestContext};

struct Zone;

impl Auth for Zone {
    type Claims = String; // whatever identifies a caller for you
    async fn authenticate(&self, c: &Credentials, _: &RequestContext) -> Result<String, ApiError> {
        match c {
            Credentials::Token(t) if t == "secret" => Ok("alice".into()),
            _ => Err(ApiError::unauthorized(None)),
        }
    }
}

impl GroupApi for Zone {
    async fn get_group(
        &self,
        ctx: &RequestContext,
        who: String,
        req: GetGroupRequest,
    ) -> Result<Json<Group>, ApiError> {
        // ctx.operation() has the operationId, path template and x-onedata-permissions.
        println!("{who} calls {}", ctx.operation().operation_id);
        if req.id != "g1" {
            return Err(ApiError::not_found()); // answered as {"error": {"id": "notFound", ...}}
        }
        let group =
            Group::builder().group_id("g1").name("Community").type_(GroupType::Team).creation_time(1_700_000_000);
        Ok(Json(group.try_into().map_err(|_| ApiError::internal(None))?))
    }
}
// plus `impl UserApi for Zone {}` and `impl HandleServiceApi for Zone {}`, then:
// let app = onezone_server::router(std::sync::Arc::new(Zone));
// axum::serve(onezone_server::OnezoneListener::new(listener), app).await
// README:end

impl onezone_server::UserApi for Zone {}
impl onezone_server::HandleServiceApi for Zone {}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8081").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(onezone_server::OnezoneListener::new(listener), onezone_server::router(std::sync::Arc::new(Zone))).await
}
