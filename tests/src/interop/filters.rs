//! The scenario's filter step: the app stores a filter on the server over ManageSieve (RFC 5804)
//! through the Filters dialog (frontend/src/filters.rs) and, opened again, reads it back from
//! there. Servers without ManageSieve are marked as such in the matrix.

use super::scenario::{FILTERS, Target, page_says};
use crate::browser::Browser;
use crate::ui::{WAIT, click, type_into, wait_text};

impl Target {
    /// The text of the first element `css` finds, or why it did not come with what the page says.
    fn text_in(browser: &mut Browser, css: &str) -> Result<String, String> {
        wait_text(browser, css).map_err(|e| format!("{e}; the page says: {}", page_says(browser)))
    }

    /// Opens the Filters dialog connected to this server's ManageSieve port, and waits for its
    /// filters.
    fn open_filters(browser: &mut Browser, port: u16) -> Result<(), String> {
        crate::ui::open_filters(browser, &format!("{}:{port}", crate::mailstack::HOST))?;
        browser
            .wait_for("[data-testid=filter-list]", WAIT)
            .map(|_| ())
            .map_err(|e| format!("the filters did not open: {e}; the page says: {}", page_says(browser)))
    }

    /// alice saves a filter, and finds it again in a dialog opened anew.
    pub fn filter_steps(&self, matrix: &mut crate::interop::matrix::Matrix) {
        let Some(port) = self.managesieve else {
            return matrix.not_applicable(&self.imap_name, &[FILTERS], "no ManageSieve server (RFC 5804)");
        };
        matrix.run(&self.imap_name, FILTERS, || {
            let mut browser = Browser::start().map_err(|e| e.to_string())?;
            self.sign_in(&mut browser, &self.alice, "imap", self.imaps, None)?;
            Self::open_filters(&mut browser, port)?;
            click(&mut browser, "[data-testid=new-filter]");
            type_into(&browser, "[data-testid=filter-name]", "Interop");
            type_into(&browser, "[data-testid=condition-value]", "bob@");
            click(&mut browser, "[data-testid=action-flag]");
            click(&mut browser, "[data-testid=keep-filter]");
            click(&mut browser, "[data-testid=save-filters]");
            let said =
                Self::text_in(&mut browser, "[data-testid=filters-status], [data-testid=filters-problem]")?;
            if browser.wait_for("[data-testid=filters-status]", std::time::Duration::ZERO).is_err() {
                return Err(format!("not saved: {said}"));
            }
            click(&mut browser, "[data-testid=close-filters]");
            Self::open_filters(&mut browser, port)?;
            let name = Self::text_in(&mut browser, "[data-testid=filter] .filter-name")?;
            if name == "Interop" { Ok(()) } else { Err(format!("read back {name:?}")) }
        });
    }
}
