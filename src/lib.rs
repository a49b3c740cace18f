//! teamdesk: run clinic teams of an AI medical-scribe service from a terminal.
//!
//! Layers, each using only the ones below it:
//! - interfaces: [`cli`], the console [`tui`] (and the SSH server built on the same door),
//!   drawing user text only through [`sanitize`]
//! - service: [`workspace`], the one door that executes commands for an actor
//! - domain: [`domain`] (rules and permissions), [`billing`], [`mail`]
//! - storage: [`store`], the only code that knows about sled and bincode
//! - [`sources`]: time, identifiers and secrets, handed to the domain as values

pub mod billing;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod install;
pub mod mail;
pub mod sanitize;
pub mod serve;
pub mod sources;
pub mod store;
pub mod text_width;
pub mod tui;
pub mod workspace;

pub use error::Error;
