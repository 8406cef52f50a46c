//! `LOGIN` (draft-murchison-sasl-login-00): the user name, then the password, each as a response.

use super::{Mechanism, SaslError};
use crate::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Username,
    Password,
    Done,
}

/// Answers the `Username:` and `Password:` prompts in order.
#[derive(Debug, Clone)]
pub(crate) struct Login {
    username: String,
    password: Secret,
    stage: Stage,
}

impl Login {
    pub(crate) fn new(username: &str, password: &Secret) -> Self {
        Self { username: username.to_owned(), password: password.clone(), stage: Stage::Username }
    }

    pub(crate) fn step(&mut self, _challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        // The prompts' wording varies between servers (`Username:`, `User Name`, localised text), so
        // the order decides, as in every deployed client.
        match self.stage {
            Stage::Username => {
                self.stage = Stage::Password;
                Ok(self.username.as_bytes().to_vec())
            }
            Stage::Password => {
                self.stage = Stage::Done;
                Ok(self.password.expose().as_bytes().to_vec())
            }
            Stage::Done => Err(SaslError::UnexpectedChallenge { mechanism: Mechanism::Login }),
        }
    }
}
