//! The interop step for the person's own folders: made at the top of the tree (under the personal
//! namespace's prefix, `INBOX.` on Cyrus and Courier, RFC 2342), renamed, and deleted into Trash,
//! each through the app's folder pane and checked with LIST in a separate IMAP session.

use super::scenario::{Target, open_folder, page_says, wire_forms};
use crate::browser::Browser;
use crate::ui::{click, folder_form, folder_form_closed};

impl Target {
    /// Whether LIST names the mailbox `wire` (in either of the forms a server may send it).
    fn listed(&self, wire: &str) -> Result<bool, String> {
        let forms = wire_forms(wire);
        let names = self.imap(&self.alice, |c| c.list().map_err(|e| e.to_string()))?;
        Ok(names.iter().any(|m| forms.contains(&m.name)))
    }

    fn wait_listed(&self, browser: &Browser, wire: &str, listed: bool) -> Result<(), String> {
        let deadline = std::time::Instant::now() + crate::ui::WAIT;
        while std::time::Instant::now() < deadline {
            if self.listed(wire)? == listed {
                return Ok(());
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        let what = if listed { "listed" } else { "gone" };
        Err(format!("{wire:?} not {what} in time; the page says: {}", page_says(browser)))
    }

    /// Makes "Reisen – Köln", renames it "Reisen", and deletes it into Trash.
    pub fn folder_admin_steps(&self, b: &mut Browser) -> Result<(), String> {
        let sep = self.separator;
        let made = format!("{}Reisen &IBM- K&APY-ln", self.prefix);
        let renamed = format!("{}Reisen", self.prefix);
        let in_trash = format!("{}Trash{sep}Reisen", self.prefix);
        open_folder(b, "INBOX")?;
        folder_form(b, "new-folder", Some("Reisen – Köln"), Some(""));
        folder_form_closed(b, "the folder made")?;
        self.wait_listed(b, &made, true)?;
        open_folder(b, &made)?;
        folder_form(b, "rename-folder", Some("Reisen"), None);
        folder_form_closed(b, "the folder renamed")?;
        self.wait_listed(b, &renamed, true)?;
        self.wait_listed(b, &made, false)?;
        open_folder(b, &renamed)?;
        click(b, "[data-testid=delete-folder]");
        click(b, "[data-testid=folder-confirm]");
        folder_form_closed(b, "the folder moved to Trash")?;
        self.wait_listed(b, &in_trash, true)?;
        self.wait_listed(b, &renamed, false)
    }
}
