//! Quotas (RFC 9208): how much of what a server allows an account is used. GETQUOTAROOT names
//! a mailbox; the server answers with the quota roots that mailbox counts against (`QUOTAROOT`)
//! and, for each, the resources it limits with their usage and limit (`QUOTA`).

use imap_codec::imap_types::extensions::quota::QuotaGet;

/// One quota root and what it limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuotaRoot {
    /// The root's name as the server gives it (often `""` or `"User quota"`).
    pub name: String,
    /// Its resources; empty where the server named the root without limits.
    pub resources: Vec<QuotaResource>,
}

/// One limited resource of a quota root (RFC 9208 section 5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaResource {
    /// `STORAGE`, `MESSAGE`, `MAILBOX`, `ANNOTATION-STORAGE` or another server's name, upper case.
    pub name: String,
    /// What is used, in the resource's unit (STORAGE: units of 1024 octets).
    pub usage: u64,
    /// What is allowed, in the same unit.
    pub limit: u64,
}

impl QuotaResource {
    /// Whether this is the storage resource, counted in units of 1024 octets (section 5.1).
    pub fn is_storage(&self) -> bool {
        self.name == "STORAGE"
    }

    /// The share used, 0.0 to 1.0 or beyond (a server may let usage pass its limit); 1.0 where
    /// the limit is 0.
    pub fn share(&self) -> f64 {
        if self.limit == 0 { 1.0 } else { self.usage as f64 / self.limit as f64 }
    }
}

/// The storage most used of its limit among `roots`: what a person asks about first.
pub fn fullest_storage(roots: &[QuotaRoot]) -> Option<&QuotaResource> {
    roots
        .iter()
        .flat_map(|r| &r.resources)
        .filter(|r| r.is_storage())
        .max_by(|a, b| a.share().total_cmp(&b.share()))
}

/// The root named `name` (as on the wire) among `roots`, added without resources where it is
/// not there yet: QUOTAROOT names roots, QUOTA gives one root's resources, in either order.
pub(crate) fn root_named<'a>(roots: &'a mut Vec<QuotaRoot>, name: &[u8]) -> &'a mut QuotaRoot {
    let name = String::from_utf8_lossy(name);
    match roots.iter().position(|r| r.name == name) {
        Some(i) => &mut roots[i],
        None => {
            roots.push(QuotaRoot { name: name.into_owned(), resources: Vec::new() });
            roots.last_mut().expect("just added")
        }
    }
}

/// The resources of a `QUOTA` response as the engine keeps them, their names upper case (the
/// known ones are written so; another server's as it came, made upper case).
pub(crate) fn resources(quotas: &[QuotaGet<'_>]) -> Vec<QuotaResource> {
    quotas
        .iter()
        .map(|q| QuotaResource {
            name: q.resource.to_string().to_ascii_uppercase(),
            usage: q.usage,
            limit: q.limit,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage(usage: u64, limit: u64) -> QuotaResource {
        QuotaResource { name: "STORAGE".into(), usage, limit }
    }

    #[test]
    fn the_fullest_storage_counts() {
        let roots = [
            QuotaRoot { name: "".into(), resources: vec![storage(10, 100)] },
            QuotaRoot {
                name: "shared".into(),
                resources: vec![
                    QuotaResource { name: "MESSAGE".into(), usage: 99, limit: 100 },
                    storage(90, 100),
                ],
            },
        ];
        assert_eq!(fullest_storage(&roots), Some(&storage(90, 100)), "not the message count");
        assert_eq!(fullest_storage(&[]), None);
        assert_eq!(storage(5, 0).share(), 1.0, "no room at all");
    }
}
