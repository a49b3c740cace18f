//! What the store keeps: the record kinds with their trees and envelope
//! formats, and the point reads shared by committed reads and transactions.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::IVec;

use super::{StoreError, TreeName, codec, keys, legacy};
use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};
use crate::domain::invitation::TokenHash;
use crate::domain::outbox::OutboxMessage;
use crate::domain::template::name_key;
use crate::domain::{
    Account, AccountId, AuditEntry, AuditId, DomainError, Email, Invitation, InvitationId,
    Membership, MessageId, Team, TeamId, Template, TemplateId,
};

/// Which record a change wrote or removed, by what identifies it: enough
/// for a console to apply the change to what it shows instead of reloading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordRef {
    Account(AccountId),
    Team(TeamId),
    Membership {
        team: TeamId,
        account: AccountId,
    },
    Invitation {
        team: TeamId,
        id: InvitationId,
    },
    Template {
        team: TeamId,
        id: TemplateId,
    },
    AuditEntry {
        team: Option<TeamId>,
        id: AuditId,
    },
    OutboxMessage {
        team: TeamId,
        id: MessageId,
    },
    /// A team's billing account, adjustments or invoices.
    Billing(TeamId),
}

impl RecordRef {
    /// The team the record belongs to, if any.
    pub fn team(&self) -> Option<TeamId> {
        match *self {
            RecordRef::Account(_) => None,
            RecordRef::Team(team)
            | RecordRef::Membership { team, .. }
            | RecordRef::Invitation { team, .. }
            | RecordRef::Template { team, .. }
            | RecordRef::OutboxMessage { team, .. }
            | RecordRef::Billing(team) => Some(team),
            RecordRef::AuditEntry { team, .. } => team,
        }
    }
}

/// One record a change wrote (`removed: false`) or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Changed {
    pub record: RecordRef,
    pub removed: bool,
}

/// A value kept in a record tree under a key derived from the value itself.
pub trait Record: Serialize + DeserializeOwned {
    const TREE: TreeName;
    /// The record kind in messages.
    const KIND: &'static str;
    /// The envelope format this kind is written in; raised when its shape changes.
    const FORMAT: u8 = codec::FORMAT;
    fn key(&self) -> Vec<u8>;
    /// What identifies it in a change event.
    fn reference(&self) -> RecordRef;

    /// Reads a record written in an older format of this kind.
    fn upgrade(format: u8, _payload: &[u8]) -> Result<Self, StoreError> {
        Err(codec::unknown_format(Self::KIND, format))
    }
}

impl Record for Account {
    const TREE: TreeName = TreeName::Accounts;
    const KIND: &'static str = "account";
    const FORMAT: u8 = 2;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id.as_bytes())
    }
    fn reference(&self) -> RecordRef {
        RecordRef::Account(self.id)
    }
    fn upgrade(format: u8, payload: &[u8]) -> Result<Self, StoreError> {
        legacy::upgrade_account(format, payload)
    }
}

impl Record for Team {
    const TREE: TreeName = TreeName::Teams;
    const KIND: &'static str = "team";
    const FORMAT: u8 = 2;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id.as_bytes())
    }
    fn reference(&self) -> RecordRef {
        RecordRef::Team(self.id)
    }
    fn upgrade(format: u8, payload: &[u8]) -> Result<Self, StoreError> {
        legacy::upgrade_team(format, payload)
    }
}

impl Record for Membership {
    const TREE: TreeName = TreeName::Members;
    const KIND: &'static str = "membership";
    fn key(&self) -> Vec<u8> {
        keys::membership(self.team, self.account)
    }
    fn reference(&self) -> RecordRef {
        RecordRef::Membership {
            team: self.team,
            account: self.account,
        }
    }
}

impl Record for Invitation {
    const TREE: TreeName = TreeName::Invitations;
    const KIND: &'static str = "invitation";
    const FORMAT: u8 = 3;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id.as_bytes())
    }
    fn reference(&self) -> RecordRef {
        RecordRef::Invitation {
            team: self.team,
            id: self.id,
        }
    }
    fn upgrade(format: u8, payload: &[u8]) -> Result<Self, StoreError> {
        legacy::upgrade_invitation(format, payload)
    }
}

impl Record for Template {
    const TREE: TreeName = TreeName::Templates;
    const KIND: &'static str = "template";
    fn key(&self) -> Vec<u8> {
        keys::template(self.team, self.id)
    }
    fn reference(&self) -> RecordRef {
        RecordRef::Template {
            team: self.team,
            id: self.id,
        }
    }
}

impl Record for AuditEntry {
    const TREE: TreeName = TreeName::Audit;
    const KIND: &'static str = "audit entry";
    const FORMAT: u8 = 2;
    fn key(&self) -> Vec<u8> {
        keys::audit(self.team, self.id.as_bytes())
    }
    fn reference(&self) -> RecordRef {
        RecordRef::AuditEntry {
            team: self.team,
            id: self.id,
        }
    }
    fn upgrade(format: u8, payload: &[u8]) -> Result<Self, StoreError> {
        legacy::upgrade_audit_entry(format, payload)
    }
}

impl Record for OutboxMessage {
    const TREE: TreeName = TreeName::Outbox;
    const KIND: &'static str = "outbox message";
    const FORMAT: u8 = 2;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id.as_bytes())
    }
    fn reference(&self) -> RecordRef {
        RecordRef::OutboxMessage {
            team: self.team,
            id: self.id,
        }
    }
    fn upgrade(format: u8, payload: &[u8]) -> Result<Self, StoreError> {
        legacy::upgrade_outbox_message(format, payload)
    }
}

impl Record for BillingAccount {
    const TREE: TreeName = TreeName::BillingAccounts;
    const KIND: &'static str = "billing account";
    fn key(&self) -> Vec<u8> {
        keys::id(self.team.as_bytes())
    }
    fn reference(&self) -> RecordRef {
        RecordRef::Billing(self.team)
    }
}

impl Record for Adjustment {
    const TREE: TreeName = TreeName::Adjustments;
    const KIND: &'static str = "billing adjustment";
    fn key(&self) -> Vec<u8> {
        keys::dated(self.team, self.period_start, self.id.as_bytes())
    }
    fn reference(&self) -> RecordRef {
        RecordRef::Billing(self.team)
    }
}

impl Record for Invoice {
    const TREE: TreeName = TreeName::Invoices;
    const KIND: &'static str = "invoice";
    fn key(&self) -> Vec<u8> {
        keys::dated(self.team, self.period.start, &[])
    }
    fn reference(&self) -> RecordRef {
        RecordRef::Billing(self.team)
    }
}

fn id_from(bytes: &[u8], what: &str) -> Result<[u8; 16], StoreError> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt(format!("an index entry for {what} is not an id")))
}

/// Point reads, shared by committed reads ([`Store`]) and reads inside a
/// transaction ([`Tx`]) so both see records through the same code.
pub trait Reads {
    type Fail: From<StoreError> + From<DomainError> + From<crate::Error>;

    fn get_raw(&self, tree: TreeName, key: &[u8]) -> Result<Option<IVec>, Self::Fail>;

    fn get<T: Record>(&self, key: &[u8]) -> Result<Option<T>, Self::Fail> {
        match self.get_raw(T::TREE, key)? {
            Some(bytes) => Ok(Some(codec::decode(&bytes)?)),
            None => Ok(None),
        }
    }

    fn account(&self, id: AccountId) -> Result<Option<Account>, Self::Fail> {
        self.get(id.as_bytes())
    }

    fn account_by_email(&self, email: &Email) -> Result<Option<Account>, Self::Fail> {
        match self.get_raw(TreeName::AccountByEmail, email.as_str().as_bytes())? {
            Some(id) => self.account(AccountId::from_bytes(id_from(&id, "an address")?)),
            None => Ok(None),
        }
    }

    /// The account an SSH key signs in as, by the key's SHA-256 fingerprint.
    fn account_by_key(&self, fingerprint: &str) -> Result<Option<Account>, Self::Fail> {
        match self.get_raw(TreeName::AccountByKey, fingerprint.as_bytes())? {
            Some(id) => self.account(AccountId::from_bytes(id_from(&id, "an SSH key")?)),
            None => Ok(None),
        }
    }

    fn team(&self, id: TeamId) -> Result<Option<Team>, Self::Fail> {
        self.get(id.as_bytes())
    }

    /// The team an account is in, from the one-team-per-account index.
    fn team_of(&self, account: AccountId) -> Result<Option<TeamId>, Self::Fail> {
        match self.get_raw(TreeName::MemberTeam, account.as_bytes())? {
            Some(id) => Ok(Some(TeamId::from_bytes(id_from(&id, "a member")?))),
            None => Ok(None),
        }
    }

    fn membership(
        &self,
        team: TeamId,
        account: AccountId,
    ) -> Result<Option<Membership>, Self::Fail> {
        self.get(&keys::membership(team, account))
    }

    fn invitation(&self, id: InvitationId) -> Result<Option<Invitation>, Self::Fail> {
        self.get(id.as_bytes())
    }

    fn invitation_by_token(&self, hash: &TokenHash) -> Result<Option<Invitation>, Self::Fail> {
        match self.get_raw(TreeName::InvitationByToken, hash)? {
            Some(id) => self.invitation(InvitationId::from_bytes(id_from(&id, "a token")?)),
            None => Ok(None),
        }
    }

    /// A team's billing account (none for a team from before billing).
    fn billing_account(&self, team: TeamId) -> Result<Option<BillingAccount>, Self::Fail> {
        self.get(team.as_bytes())
    }

    fn template_named(&self, team: TeamId, name: &str) -> Result<Option<Template>, Self::Fail> {
        match self.get_raw(
            TreeName::TemplateByName,
            &keys::template_name(team, &name_key(name)),
        )? {
            Some(id) => self.get(&keys::template(
                team,
                crate::domain::TemplateId::from_bytes(id_from(&id, "a template name")?),
            )),
            None => Ok(None),
        }
    }
}
