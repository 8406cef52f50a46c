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

impl SpecialUse {
    /// The mailbox attribute (RFC 6154 section 2); none for the inbox, which is a name.
    pub fn attribute(self) -> Option<&'static str> {
        Some(match self {
            SpecialUse::Inbox => return None,
            SpecialUse::Sent => "\\Sent",
            SpecialUse::Drafts => "\\Drafts",
            SpecialUse::Trash => "\\Trash",
            SpecialUse::Junk => "\\Junk",
            SpecialUse::Archive => "\\Archive",
            SpecialUse::All => "\\All",
            SpecialUse::Flagged => "\\Flagged",
        })
    }
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

impl ListResult {
    /// Once the whole list is in: a role guessed from a name goes to one mailbox at most, and only
    /// where no mailbox has that role by its SPECIAL-USE attribute. A server's marked Drafts folder
    /// leaves the person's own "Entwürfe" an ordinary folder, and of "Sent" and "Sent Items" only
    /// the first is Sent, so no role is shown twice.
    pub(crate) fn settle_roles(&mut self) {
        let marked: Vec<SpecialUse> =
            self.mailboxes.iter().filter_map(|m| attribute_role(&m.attributes)).collect();
        let mut named: Vec<SpecialUse> = Vec::new();
        for mailbox in &mut self.mailboxes {
            let Some(role) = mailbox.special_use else { continue };
            if role == SpecialUse::Inbox || attribute_role(&mailbox.attributes).is_some() {
                continue;
            }
            if marked.contains(&role) || named.contains(&role) {
                mailbox.special_use = None;
            } else {
                named.push(role);
            }
        }
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

/// Common names of the special-use mailboxes, lower case, as servers and mail clients create them
/// in English, German, French, Spanish, Italian, Dutch and Portuguese (Dovecot's and Cyrus's
/// defaults, Exchange and Outlook, Thunderbird, webmail of the large providers). Only for servers
/// without SPECIAL-USE (RFC 6154), whose attributes always win.
#[rustfmt::skip]
const COMMON_NAMES: &[(SpecialUse, &[&str])] = &[
    (
        SpecialUse::Sent,
        &[
            // English
            "sent", "sent items", "sent messages", "sent mail",
            // German
            "gesendet", "gesendete objekte", "gesendete elemente", "gesendete nachrichten",
            // French
            "envoyés", "envoyé", "éléments envoyés", "messages envoyés",
            // Spanish (and Portuguese "enviados")
            "enviados", "elementos enviados", "mensajes enviados",
            // Italian
            "inviata", "posta inviata", "inviati", "elementi inviati", "messaggi inviati",
            // Dutch
            "verzonden", "verzonden items", "verzonden berichten",
            // Portuguese
            "itens enviados", "mensagens enviadas", "enviadas",
        ],
    ),
    (
        SpecialUse::Drafts,
        &[
            "drafts", "draft", // English
            "entwürfe", // German
            "brouillons", // French
            "borradores", // Spanish
            "bozze", // Italian
            "concepten", "concept", // Dutch
            "rascunhos", // Portuguese
        ],
    ),
    (
        SpecialUse::Trash,
        &[
            // English
            "trash", "deleted items", "deleted messages", "deleted", "bin",
            // German
            "papierkorb", "gelöschte elemente", "gelöschte objekte", "gelöschte nachrichten",
            // French
            "corbeille", "éléments supprimés", "messages supprimés",
            // Spanish
            "papelera", "elementos eliminados", "mensajes eliminados", "eliminados",
            // Italian
            "cestino", "posta eliminata", "elementi eliminati", "messaggi eliminati",
            // Dutch
            "prullenbak", "verwijderde items", "verwijderde berichten",
            // Portuguese
            "lixo", "lixeira", "itens excluídos", "itens eliminados", "mensagens excluídas",
        ],
    ),
    (
        SpecialUse::Junk,
        &[
            // English (and "spam" in every language here)
            "junk", "spam", "junk e-mail", "junk email", "junk mail", "bulk mail",
            // German
            "junk-e-mail", "unerwünscht", "unerwünschte e-mails",
            // French
            "indésirables", "courrier indésirable", "pourriel", "pourriels",
            // Spanish
            "correo no deseado", "no deseado",
            // Italian
            "posta indesiderata", "indesiderata",
            // Dutch
            "ongewenste e-mail", "ongewenst",
            // Portuguese
            "lixo eletrônico", "lixo electrónico", "correio não solicitado",
        ],
    ),
    (
        SpecialUse::Archive,
        &[
            "archive", "archives", // English, French
            "archiv", // German
            "archivo", "archivados", // Spanish
            "archivio", // Italian
            "archief", // Dutch
            "arquivo", "arquivados", // Portuguese
        ],
    ),
];

/// The role guessed from a common name, for servers without SPECIAL-USE: a top-level mailbox, or
/// one directly under INBOX (`INBOX.Sent` on servers whose personal namespace is INBOX's children,
/// such as Courier and Cyrus, RFC 2342 section 5). A folder of the person's own further down
/// (`Projects/Sent`) keeps no role.
pub(crate) fn name_role(name: &str, delimiter: Option<char>) -> Option<SpecialUse> {
    if name.eq_ignore_ascii_case("INBOX") {
        return Some(SpecialUse::Inbox);
    }
    let leaf = match delimiter {
        Some(d) => match name.split_once(d) {
            None => name,
            Some((parent, leaf)) if parent.eq_ignore_ascii_case("INBOX") && !leaf.contains(d) => leaf,
            Some(_) => return None,
        },
        None => name,
    };
    let leaf = leaf.trim().to_lowercase();
    COMMON_NAMES.iter().find(|(_, names)| names.contains(&leaf.as_str())).map(|(role, _)| *role)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folders as each language's servers and clients name them: Sent, Drafts, Trash, Junk,
    /// Archive.
    const LANGUAGES: &[(&str, [&str; 5])] = &[
        ("English", ["Sent Items", "Drafts", "Deleted Items", "Junk E-mail", "Archive"]),
        ("German", ["Gesendete Elemente", "Entwürfe", "Papierkorb", "Junk-E-Mail", "Archiv"]),
        ("French", ["Éléments envoyés", "Brouillons", "Corbeille", "Courrier indésirable", "Archives"]),
        ("Spanish", ["Elementos enviados", "Borradores", "Papelera", "Correo no deseado", "Archivo"]),
        ("Italian", ["Posta inviata", "Bozze", "Cestino", "Posta indesiderata", "Archivio"]),
        ("Dutch", ["Verzonden items", "Concepten", "Prullenbak", "Ongewenste e-mail", "Archief"]),
        ("Portuguese", ["Itens enviados", "Rascunhos", "Lixeira", "Lixo eletrônico", "Arquivo"]),
    ];
    const ROLES: [SpecialUse; 5] =
        [SpecialUse::Sent, SpecialUse::Drafts, SpecialUse::Trash, SpecialUse::Junk, SpecialUse::Archive];

    #[test]
    fn every_language_top_level_and_under_inbox_with_either_delimiter() {
        for (language, names) in LANGUAGES {
            for (name, role) in names.iter().zip(ROLES) {
                for (full, delimiter) in [
                    (name.to_string(), Some('/')),
                    (name.to_string(), Some('.')),
                    (name.to_string(), None),
                    (format!("INBOX.{name}"), Some('.')),
                    (format!("INBOX/{name}"), Some('/')),
                    (format!("Inbox.{}", name.to_uppercase()), Some('.')),
                ] {
                    assert_eq!(name_role(&full, delimiter), Some(role), "{language}: {full:?} {delimiter:?}");
                }
            }
        }
        // The short forms that Dovecot, Cyrus and Thunderbird create.
        for (name, role) in [
            ("Sent", SpecialUse::Sent),
            ("INBOX.Gesendet", SpecialUse::Sent),
            ("Envoyés", SpecialUse::Sent),
            ("Enviados", SpecialUse::Sent),
            ("Verzonden", SpecialUse::Sent),
            ("Trash", SpecialUse::Trash),
            ("Spam", SpecialUse::Junk),
            ("Junk", SpecialUse::Junk),
        ] {
            assert_eq!(name_role(name, Some('.')), Some(role), "{name}");
        }
    }

    #[test]
    fn the_persons_own_folders_further_down_keep_no_role() {
        assert_eq!(name_role("inbox", None), Some(SpecialUse::Inbox));
        assert_eq!(name_role("Projects", Some('/')), None);
        assert_eq!(name_role("Projects/Sent", Some('/')), None);
        assert_eq!(name_role("INBOX.Projects.Sent", Some('.')), None);
        // With '/' as the delimiter a '.' is part of the name.
        assert_eq!(name_role("INBOX.Sent", Some('/')), None);
        assert_eq!(name_role("Sentinel", Some('/')), None);
    }

    fn listed(name: &str, attributes: &[&str]) -> ListedMailbox {
        let attributes: Vec<String> = attributes.iter().map(|a| a.to_string()).collect();
        ListedMailbox {
            name: name.into(),
            mailbox: MailboxName::encode(name, false),
            delimiter: Some('/'),
            special_use: attribute_role(&attributes).or_else(|| name_role(name, Some('/'))),
            attributes,
        }
    }

    #[test]
    fn the_special_use_attribute_wins_over_a_common_name() {
        let list = ListResult {
            mailboxes: vec![listed("Sent", &["\\HasNoChildren"]), listed("Gesendet", &["\\Sent"])],
        };
        assert_eq!(list.special_use(SpecialUse::Sent).map(|m| m.name.as_str()), Some("Gesendet"));
        let list = ListResult { mailboxes: vec![listed("Projects", &[]), listed("Sent", &[])] };
        assert_eq!(list.special_use(SpecialUse::Sent).map(|m| m.name.as_str()), Some("Sent"));
        assert!(list.special_use(SpecialUse::Drafts).is_none());
    }

    #[test]
    fn a_role_guessed_from_a_name_is_given_once_and_never_beside_a_marked_one() {
        let mut list = ListResult {
            mailboxes: vec![
                listed("INBOX", &[]),
                listed("Drafts", &["\\Drafts"]),
                listed("Entwürfe", &[]),
                listed("Sent", &[]),
                listed("Sent Items", &[]),
                listed("Papierkorb", &[]),
            ],
        };
        list.settle_roles();
        let roles: Vec<(&str, Option<SpecialUse>)> =
            list.mailboxes.iter().map(|m| (m.name.as_str(), m.special_use)).collect();
        assert_eq!(
            roles,
            [
                ("INBOX", Some(SpecialUse::Inbox)),
                ("Drafts", Some(SpecialUse::Drafts)),
                ("Entwürfe", None),
                ("Sent", Some(SpecialUse::Sent)),
                ("Sent Items", None),
                ("Papierkorb", Some(SpecialUse::Trash)),
            ]
        );
    }
}
