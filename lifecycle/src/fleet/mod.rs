//! The fleet against AWS: the deployed stack sets read ([`state`]), the operations that make
//! them the fleet's ([`apply`]), each followed until it settles ([`operation`]), and failure
//! reasons said with what to do ([`advice`]), the stack sets tagged as the fleet's ([`owned`]) and
//! their deletion ([`remove`]), the template in the request or by S3 URL
//! ([`template`]). The planning itself is the synthesizer's
//! (`zael::fleet`), the same as `zael fleet plan --offline`.

pub mod advice;
pub mod apply;
pub mod operation;
pub mod owned;
pub mod remove;
pub mod request;
pub mod state;
pub mod template;
