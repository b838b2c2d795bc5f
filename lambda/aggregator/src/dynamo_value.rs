//! Attribute values between the stream's model (`serde_dynamo`, what records carry) and
//! the SDK's (what requests carry), for the bucket reads and clone `Put`s of
//! [`crate::propagate`]. Every type converts both ways, losslessly.

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue as Sdk;
use serde_dynamo::AttributeValue as Stream;
use std::collections::HashMap;

pub fn to_sdk(v: &Stream) -> Sdk {
    match v {
        Stream::N(n) => Sdk::N(n.clone()),
        Stream::S(s) => Sdk::S(s.clone()),
        Stream::Bool(b) => Sdk::Bool(*b),
        Stream::B(b) => Sdk::B(Blob::new(b.clone())),
        Stream::Null(b) => Sdk::Null(*b),
        Stream::M(m) => Sdk::M(m.iter().map(|(k, v)| (k.clone(), to_sdk(v))).collect()),
        Stream::L(l) => Sdk::L(l.iter().map(to_sdk).collect()),
        Stream::Ss(s) => Sdk::Ss(s.clone()),
        Stream::Ns(s) => Sdk::Ns(s.clone()),
        Stream::Bs(s) => Sdk::Bs(s.iter().map(|b| Blob::new(b.clone())).collect()),
    }
}

/// `None` for a type the SDK adds later (unknown to this build).
pub fn from_sdk(v: &Sdk) -> Option<Stream> {
    Some(match v {
        Sdk::N(n) => Stream::N(n.clone()),
        Sdk::S(s) => Stream::S(s.clone()),
        Sdk::Bool(b) => Stream::Bool(*b),
        Sdk::B(b) => Stream::B(b.clone().into_inner()),
        Sdk::Null(b) => Stream::Null(*b),
        Sdk::M(m) => Stream::M(from_sdk_map(m)?),
        Sdk::L(l) => Stream::L(l.iter().map(from_sdk).collect::<Option<_>>()?),
        Sdk::Ss(s) => Stream::Ss(s.clone()),
        Sdk::Ns(s) => Stream::Ns(s.clone()),
        Sdk::Bs(s) => Stream::Bs(s.iter().map(|b| b.clone().into_inner()).collect()),
        _ => return None,
    })
}

pub fn from_sdk_map(m: &HashMap<String, Sdk>) -> Option<HashMap<String, Stream>> {
    m.iter()
        .map(|(k, v)| Some((k.clone(), from_sdk(v)?)))
        .collect()
}
