//! A connection lent for a turn: the account's mail view owns its one IMAP connection
//! (frontend/src/mail_state/main_session.rs) and lends it to filing (frontend/src/session/filing.rs)
//! for a Drafts save, the copy in Sent or the look into Sent, so that these run on the connection
//! already open instead of a second one. The owner registers here under the account's address;
//! this module knows nothing of it but this trait, so the session layer does not import the
//! view's state (ARCHITECTURE.md, *The layers*).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures_util::future::LocalBoxFuture;
use posthorn_proto::secret::Secret;

use crate::account::AccountSettings;
use crate::session::MailError;
use crate::session::imap::ImapSession;

/// Work for one turn on a lent session. It owns what it needs: the owner runs it inside its own
/// task of waiting for the session.
pub type Job = Box<dyn for<'s> FnOnce(&'s mut ImapSession) -> LocalBoxFuture<'s, ()>>;

/// Makes a [`Job`] of a closure (which then gets the signature the trait object needs).
pub fn job<F>(work: F) -> Job
where
    F: for<'s> FnOnce(&'s mut ImapSession) -> LocalBoxFuture<'s, ()> + 'static,
{
    Box::new(work)
}

/// An owner of a session that can lend it.
pub trait Lender {
    /// Whether the owner's session is for this account, signed in with this password, and the
    /// owner is still there to lend it.
    fn serves(&self, account: &AccountSettings, password: &Secret) -> bool;

    /// Runs `job` in one turn on the owner's session, connecting first where there is none, and
    /// puts back what the owner needs afterwards (its folder selected again, RFC 3501 section
    /// 6.3.1: a job selects the folder it works in). An error means the job did not run: no
    /// session could be had.
    fn lend(&self, job: Job) -> LocalBoxFuture<'static, Result<(), MailError>>;
}

thread_local! {
    /// The browser runs the app on one thread; an owner stays registered for the life of the page
    /// or until another owner for the same address replaces it.
    static LENDERS: RefCell<HashMap<String, Rc<dyn Lender>>> = RefCell::new(HashMap::new());
}

/// Registers the owner of the account's session.
pub fn register(email: &str, lender: Rc<dyn Lender>) {
    LENDERS.with(|l| l.borrow_mut().insert(email.to_owned(), lender));
}

/// The owner that can lend a session for this account and password, if there is one.
pub fn for_account(account: &AccountSettings, password: &Secret) -> Option<Rc<dyn Lender>> {
    let lender = LENDERS.with(|l| l.borrow().get(&account.email).cloned())?;
    lender.serves(account, password).then_some(lender)
}

/// What a job left for its caller: the work's result, and whether the transport broke under it.
type Outcome<T, E> = Rc<RefCell<Option<(Result<T, E>, bool)>>>;

/// Runs `work` on the lender's session and returns its result. When the work fails because the
/// transport broke under it, it runs once more (the lender connects again), as filing's own kept
/// session does (frontend/src/session/filing/kept.rs): the work must be safe to repeat.
pub async fn run<T, E, W>(lender: Rc<dyn Lender>, work: W) -> Result<T, E>
where
    T: 'static,
    E: From<MailError> + 'static,
    W: AsyncFnMut(&mut ImapSession) -> Result<T, E> + 'static,
{
    // Taken out for each attempt and put back after it, so no borrow is held across a wait.
    let work = Rc::new(RefCell::new(Some(work)));
    let mut last = None;
    for _ in 0..2 {
        let out: Outcome<T, E> = Rc::new(RefCell::new(None));
        let (w, o) = (work.clone(), out.clone());
        lender
            .lend(job(move |session| {
                Box::pin(async move {
                    let Some(mut work) = w.take() else { return };
                    let result = work(session).await;
                    w.replace(Some(work));
                    let broke = !session.is_usable();
                    *o.borrow_mut() = Some((result, broke));
                })
            }))
            .await?;
        match out.take() {
            Some((Err(e), true)) => last = Some(e),
            Some((result, _)) => return result,
            // The lender ran no job although it said so: taken as a closed connection.
            None => return Err(MailError::new(crate::i18n::t().engine.err_closed).into()),
        }
    }
    Err(last.expect("two attempts failed"))
}
