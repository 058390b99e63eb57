//! HTTP plumbing: routing, connections, injected faults, proxies.

pub(crate) mod admin;
pub(crate) mod inject;
pub(crate) mod proxy;
pub(crate) mod raw_status;
pub(crate) mod recording;
pub(crate) mod response;
pub(crate) mod router;
pub(crate) mod serve;
