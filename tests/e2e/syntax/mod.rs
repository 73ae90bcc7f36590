//! The strict-JSON syntax pass at library level: every diagnostic class at
//! its exact position (`classes`), properties on arbitrary input (`props`)
//! and the rendered diagnostics (`render`).

mod classes;
mod props;
mod render;
