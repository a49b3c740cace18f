//! `teamdesk account`: the operator's accounts and their SSH keys, and a
//! person's own account.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{CardArgs, CycleArg, PlanArg, StaffArg};

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Create an account (the store's operator: refuses --as)
    Create {
        /// The person's email address (their sign-in)
        email: String,
        /// The person's display name
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Their personal plan
        #[arg(long, value_enum, default_value = "free")]
        plan: PlanArg,
        /// Billing cycle of a Pro plan
        #[arg(long, value_enum, default_value = "monthly")]
        cycle: CycleArg,
        /// Make the account vendor staff
        #[arg(long, value_enum)]
        staff: Option<StaffArg>,
    },
    /// Register an SSH public key the person will sign in with over SSH (the operator)
    AddKey {
        /// The account's email address
        email: String,
        #[command(flatten)]
        key: KeyInput,
    },
    /// Remove one of an account's SSH keys (the operator)
    RemoveKey {
        /// The account's email address
        email: String,
        #[command(flatten)]
        key: KeyToRemove,
    },
    /// List an account's SSH keys: type, fingerprint and comment (the operator)
    Keys {
        /// The account's email address
        email: String,
    },
    /// The acting account: plan, team, role, credit and plan history
    Show,
    /// Move yourself from the free plan to Pro, paid with your own card
    Upgrade {
        /// Billing cycle of your Pro plan
        #[arg(long, value_enum, default_value = "monthly")]
        cycle: CycleArg,
        #[command(flatten)]
        card: CardArgs,
    },
}

/// The public key `account add-key` registers: a file, or the line itself.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct KeyInput {
    /// The public key file, such as ~/.ssh/id_ed25519.pub ("-" for stdin)
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// The public key line itself: "ssh-ed25519 AAAA… comment"
    // A private key pasted by mistake starts with dashes: taken as the
    // value, it is refused without being repeated, not echoed as an option.
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    pub key: Option<String>,
}

/// The key `account remove-key` removes: by fingerprint, or the key itself.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct KeyToRemove {
    /// The key's fingerprint, SHA256:… (`account keys` and `ssh-keygen -lf` print it)
    #[arg(long, value_name = "SHA256:…")]
    pub fingerprint: Option<String>,
    /// The public key line itself
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    pub key: Option<String>,
}
