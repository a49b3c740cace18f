//! The transports that carry an email: a folder of `.eml` files beside the
//! store (the default: demos and installs without a mail server), or an SMTP
//! server through lettre, asynchronously on tokio.
//!
//! A transport is shown (in attempts, logs and errors) by its kind and
//! address only: credentials never leave this module.

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use percent_encoding::percent_decode_str;
use url::{Host, Url};

use crate::domain::outbox::AttemptOutcome;
use crate::domain::{DomainError, MessageId};
use crate::store::files;

/// How long one SMTP conversation may take before it counts as a temporary failure.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// How one hand-over went, in the transport's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub outcome: AttemptOutcome,
    pub reply: String,
    /// False when the transport itself could not be reached (no connection,
    /// a timeout, a folder that cannot be written): the emails after this
    /// one would fare no better, so a delivery run stops there.
    pub reached: bool,
}

/// Where emails go.
pub struct Mailer {
    route: Route,
    /// The transport as it may be shown: `smtp 127.0.0.1:2525`, `file /path`.
    shown: String,
}

enum Route {
    Folder(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Transports are shown without their credentials, even in debug output.
impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mailer({})", self.shown)
    }
}

/// How an SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
    /// `smtp://…?tls=required`: STARTTLS, refusing a server without it.
    StartTls,
    /// `smtp://` to this machine only.
    Plain,
}

/// An SMTP server as a URL names it.
struct SmtpUrl {
    host: String,
    port: u16,
    security: Security,
    username: Option<String>,
    password: Option<String>,
}

/// Shown without its password.
impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpUrl")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

fn invalid(why: impl Into<String>) -> DomainError {
    DomainError::Invalid(why.into())
}

/// Reads an SMTP URL. Errors never repeat the URL: it may hold a password.
fn parse_smtp_url(raw: &str) -> Result<SmtpUrl, DomainError> {
    let url =
        Url::parse(raw.trim()).map_err(|e| invalid(format!("the SMTP URL is not a URL ({e})")))?;
    let implicit = match url.scheme() {
        "smtps" => true,
        "smtp" => false,
        other => {
            return Err(invalid(format!(
                "an SMTP URL starts with smtp:// or smtps://, not {}://",
                other.escape_debug()
            )));
        }
    };
    let tls = url
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    let security = match (implicit, tls.as_deref()) {
        (true, None) => Security::ImplicitTls,
        (false, Some("required")) => Security::StartTls,
        (false, None) => Security::Plain,
        (_, Some(other)) => {
            return Err(invalid(format!(
                "the SMTP URL's tls= may only be \"required\" (STARTTLS on smtp://), not \"{}\"",
                other.escape_debug()
            )));
        }
    };
    let host = url
        .host()
        .ok_or_else(|| invalid("the SMTP URL names no host"))?;
    let loopback = match &host {
        // smtp:// is not a scheme the URL standard knows, so an IPv4
        // address arrives as a name.
        Host::Domain(name) => {
            name.eq_ignore_ascii_case("localhost")
                || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    };
    if security == Security::Plain && !loopback {
        return Err(invalid(
            "plain SMTP (without TLS) is allowed only to this machine (localhost, 127.0.0.1, ::1): use smtps://HOST or smtp://HOST?tls=required",
        ));
    }
    let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
    let host = match host {
        Host::Ipv6(ip) => ip.to_string(),
        other => other.to_string(),
    };
    Ok(SmtpUrl {
        port: url.port().unwrap_or(match security {
            Security::ImplicitTls => 465,
            Security::StartTls => 587,
            Security::Plain => 25,
        }),
        host,
        security,
        username: Some(decode(url.username())).filter(|name| !name.is_empty()),
        password: url.password().map(decode),
    })
}

impl Mailer {
    /// Writes each email as `<message id>.eml` into `dir`.
    pub fn folder(dir: PathBuf) -> Self {
        Self {
            shown: format!("file {}", dir.display()),
            route: Route::Folder(dir),
        }
    }

    /// Writes into the folder beside a store.
    pub fn folder_beside(store: &Path) -> Self {
        Self::folder(Self::folder_dir_beside(store))
    }

    /// The folder beside a store, `<store>.mail`: outside the store, so no
    /// working link is kept where the store keeps its bytes.
    pub fn folder_dir_beside(store: &Path) -> PathBuf {
        let mut name = store.file_name().unwrap_or_default().to_os_string();
        name.push(".mail");
        store.with_file_name(name)
    }

    /// An SMTP server from its URL: `smtps://user:pass@host[:port]`,
    /// `smtp://host[:port]?tls=required` (STARTTLS), or plain
    /// `smtp://127.0.0.1:2525` to this machine only. `password`, when
    /// given, replaces the URL's (so it need not appear on a command line).
    pub fn smtp(url: &str, password: Option<String>) -> Result<Self, DomainError> {
        let url = parse_smtp_url(url)?;
        let tls_failure = |e: lettre::transport::smtp::Error| {
            invalid(format!("cannot set up TLS for {}: {e}", url.host))
        };
        let builder = match url.security {
            Security::ImplicitTls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&url.host).map_err(tls_failure)?
            }
            Security::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&url.host)
                .map_err(tls_failure)?,
            Security::Plain => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&url.host),
        };
        let mut builder = builder.port(url.port).timeout(Some(SMTP_TIMEOUT));
        let password = password.or(url.password);
        match (url.username, password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(user, password));
            }
            (None, None) => {}
            (Some(_), None) => return Err(invalid("the SMTP URL names a user but no password")),
            (None, Some(_)) => return Err(invalid("an SMTP password was given without a user")),
        }
        let shown = match url.security {
            Security::ImplicitTls => format!("smtps {}:{}", url.host, url.port),
            Security::StartTls => format!("smtp+starttls {}:{}", url.host, url.port),
            Security::Plain => format!("smtp {}:{}", url.host, url.port),
        };
        Ok(Self {
            route: Route::Smtp(builder.build()),
            shown,
        })
    }

    /// The transport as attempts and messages show it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Tries to hand one email over, and says how that went in the
    /// transport's own words.
    pub async fn send(&self, message: Message, id: MessageId) -> Handover {
        let delivered = |reply| Handover {
            outcome: AttemptOutcome::Delivered,
            reply,
            reached: true,
        };
        match &self.route {
            Route::Folder(dir) => match write_eml(dir, id, &message.formatted()) {
                Ok(path) => delivered(format!("written to {}", path.display())),
                Err(error) => Handover {
                    outcome: AttemptOutcome::Deferred,
                    reply: format!("cannot write into {}: {error}", dir.display()),
                    reached: false,
                },
            },
            Route::Smtp(transport) => match transport.send(message).await {
                Ok(response) => {
                    delivered(reply_text(response.code().to_string(), response.message()))
                }
                Err(error) => smtp_failure(&error),
            },
        }
    }
}

/// "250 OK: queued as 12345": a code and its lines, on one line.
fn reply_text<'a>(code: String, lines: impl Iterator<Item = &'a str>) -> String {
    let text: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
    if text.is_empty() {
        code
    } else {
        format!("{code} {}", text.join(" "))
    }
}

/// A failed SMTP conversation: a 5xx reply is permanent; everything else (a
/// 4xx, no connection, a timeout, a TLS failure) may pass, so it is retried.
fn smtp_failure(error: &lettre::transport::smtp::Error) -> Handover {
    let source = std::error::Error::source(error).map(ToString::to_string);
    let reply = match (error.status(), source) {
        (Some(code), Some(text)) => reply_text(code.to_string(), text.lines()),
        (Some(code), None) => code.to_string(),
        (None, Some(text)) if error.is_timeout() => format!("timed out: {text}"),
        (None, Some(text)) => text,
        (None, None) => error.to_string(),
    };
    let outcome = if error.is_permanent() {
        AttemptOutcome::Refused
    } else {
        AttemptOutcome::Deferred
    };
    Handover {
        outcome,
        reply,
        // A reply code means the server answered.
        reached: error.status().is_some(),
    }
}

/// Writes an email into the folder, owner-only (it holds a working link),
/// through a temporary name so a reader never sees half a message.
fn write_eml(dir: &Path, id: MessageId, bytes: &[u8]) -> std::io::Result<PathBuf> {
    if !dir.is_dir() {
        files::create_owner_only_dir(dir)?;
    }
    let path = dir.join(format!("{id}.eml"));
    let partial = dir.join(format!(".{id}.eml.partial"));
    files::write_owner_only(&partial, bytes)?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_name_their_security_and_plain_smtp_stays_on_this_machine() {
        let plain = parse_smtp_url("smtp://127.0.0.1:2525").unwrap();
        assert_eq!((plain.security, plain.port), (Security::Plain, 2525));
        let implicit = parse_smtp_url("smtps://mail.example.org").unwrap();
        assert_eq!(
            (implicit.security, implicit.port),
            (Security::ImplicitTls, 465)
        );
        let starttls = parse_smtp_url("smtp://mail.example.org?tls=required").unwrap();
        assert_eq!(
            (starttls.security, starttls.port),
            (Security::StartTls, 587)
        );
        assert!(parse_smtp_url("smtp://[::1]:25").is_ok());
        assert!(parse_smtp_url("smtp://localhost").is_ok());
        let remote_plain = parse_smtp_url("smtp://mail.example.org").unwrap_err();
        assert!(remote_plain.to_string().contains("only to this machine"));
        assert!(parse_smtp_url("http://mail.example.org").is_err());
        assert!(parse_smtp_url("smtp://mail.example.org?tls=opportunistic").is_err());
    }

    #[test]
    fn credentials_are_read_decoded_and_never_shown() {
        let url = parse_smtp_url("smtps://ann%40clinic:p%40ss%20word@mail.example.org").unwrap();
        assert_eq!(url.username.as_deref(), Some("ann@clinic"));
        assert_eq!(url.password.as_deref(), Some("p@ss word"));
        let mailer = Mailer::smtp("smtps://ann:hunter2@mail.example.org:2465", None).unwrap();
        assert_eq!(mailer.shown(), "smtps mail.example.org:2465");
        assert!(!format!("{mailer:?}").contains("hunter2"));
        let bad = parse_smtp_url("smtp://ann:hunter2@mail.example.org").unwrap_err();
        assert!(!bad.to_string().contains("hunter2"));
        assert!(Mailer::smtp("smtp://ann@127.0.0.1", None).is_err());
        assert!(Mailer::smtp("smtp://ann@127.0.0.1", Some("from-env".into())).is_ok());
    }

    #[test]
    fn the_default_folder_sits_beside_the_store() {
        let mailer = Mailer::folder_beside(Path::new("/srv/teamdesk/store"));
        assert_eq!(mailer.shown(), "file /srv/teamdesk/store.mail");
    }
}
