//! LIST and LSUB results (RFC 3501 section 7.2.2, 7.2.3) and special-use mailboxes (RFC 6154).

use crate::imap::mailbox_name::MailboxName;

/// The role of a mailbox (RFC 6154 section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecialUse {
    /// The inbox (RFC 3501 section 5.1: `INBOX`, case-insensitive).
    Inbox,
    /// `\Sent`
    Sent,
    /// `\Drafts`
    Drafts,
    /// `\Trash`
    Trash,
    /// `\Junk`
    Junk,
    /// `\Archive`
    Archive,
    /// `\All`
    All,
    /// `\Flagged`
    Flagged,
}

/// One mailbox from a LIST or LSUB reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedMailbox {
    /// The name for display, decoded once from modified UTF-7 (RFC 3501 section 5.1.3), or
    /// as sent where UTF8=ACCEPT is enabled (RFC 6855 section 3). Never sent back.
    pub name: String,
    /// The name as the server sent it: what every command about this mailbox uses.
    pub mailbox: MailboxName,
    /// The hierarchy delimiter, if any.
    pub delimiter: Option<char>,
    /// The attributes as sent, e.g. `\HasNoChildren`, `\Sent`.
    pub attributes: Vec<String>,
    /// The role from the SPECIAL-USE attributes, or guessed from a common name if the server
    /// gives none (see [`ListResult::special_use`]).
    pub special_use: Option<SpecialUse>,
}

impl ListedMailbox {
    /// Whether the mailbox can be selected (no `\Noselect` or `\NonExistent`, RFC 5258).
    pub fn selectable(&self) -> bool {
        !self
            .attributes
            .iter()
            .any(|a| a.eq_ignore_ascii_case("\\Noselect") || a.eq_ignore_ascii_case("\\NonExistent"))
    }
}

/// All mailboxes of one LIST or LSUB command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListResult {
    /// The mailboxes in the server's order.
    pub mailboxes: Vec<ListedMailbox>,
}

impl ListResult {
    /// The mailbox for a role: the one with the SPECIAL-USE attribute, else the one whose name
    /// is a common name for it (Sent, Gesendet, …), so that servers without RFC 6154 work too.
    pub fn special_use(&self, role: SpecialUse) -> Option<&ListedMailbox> {
        self.mailboxes
            .iter()
            .find(|m| attribute_role(&m.attributes) == Some(role))
            .or_else(|| self.mailboxes.iter().find(|m| m.special_use == Some(role)))
    }
}

/// The role from SPECIAL-USE attributes (RFC 6154 section 2).
pub(crate) fn attribute_role(attributes: &[String]) -> Option<SpecialUse> {
    attributes.iter().find_map(|a| match a.to_ascii_lowercase().as_str() {
        "\\sent" => Some(SpecialUse::Sent),
        "\\drafts" => Some(SpecialUse::Drafts),
        "\\trash" => Some(SpecialUse::Trash),
        "\\junk" => Some(SpecialUse::Junk),
        "\\archive" => Some(SpecialUse::Archive),
        "\\all" => Some(SpecialUse::All),
        "\\flagged" => Some(SpecialUse::Flagged),
        _ => None,
    })
}

/// The role guessed from a common name in the last hierarchy level, for servers without
/// SPECIAL-USE. The names are the ones mail clients and providers use in practice.
pub(crate) fn name_role(name: &str, delimiter: Option<char>) -> Option<SpecialUse> {
    if name.eq_ignore_ascii_case("INBOX") {
        return Some(SpecialUse::Inbox);
    }
    let leaf = match delimiter {
        Some(d) => name.rsplit(d).next().unwrap_or(name),
        None => name,
    };
    let leaf = leaf.to_lowercase();
    let role = match leaf.as_str() {
        "sent" | "sent items" | "sent messages" | "sent mail" | "gesendet" | "gesendete objekte"
        | "gesendete elemente" | "envoyés" | "enviados" | "inviata" | "posta inviata" => SpecialUse::Sent,
        "drafts" | "draft" | "entwürfe" | "brouillons" | "borradores" | "bozze" => SpecialUse::Drafts,
        "trash"
        | "deleted items"
        | "deleted messages"
        | "bin"
        | "papierkorb"
        | "gelöschte elemente"
        | "gelöschte objekte"
        | "corbeille"
        | "papelera"
        | "cestino" => SpecialUse::Trash,
        "junk" | "spam" | "junk e-mail" | "junk email" | "bulk mail" | "unerwünscht" => SpecialUse::Junk,
        "archive" | "archives" | "archiv" => SpecialUse::Archive,
        _ => return None,
    };
    Some(role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_names() {
        assert_eq!(name_role("INBOX.Gesendet", Some('.')), Some(SpecialUse::Sent));
        assert_eq!(name_role("Papierkorb", Some('/')), Some(SpecialUse::Trash));
        assert_eq!(name_role("inbox", None), Some(SpecialUse::Inbox));
        assert_eq!(name_role("Projects", Some('/')), None);
    }
}
