//! Refining over several turns: the turns of a conversation, its branches,
//! and what each new prompt sends of the turns before it.           [pure]
//!
//! The captured proxy (LiteLLM 1.78, `chat_multiturn_*` fixtures) drops
//! images in assistant messages: only a user message's images reach the
//! model. So by default the earlier turns go as text, and the image being
//! refined goes with the new prompt, in the user's message. A gateway that
//! passes assistant images on (newer LiteLLM) gets the image where it came
//! from, in the last assistant message. Either way one image is sent, not
//! every earlier one: requests stay small.

use crate::api::request::{Message, Part, Role};
pub use crate::made::TurnTag;

/// One turn: what was asked, and what came back.
#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    /// From 1, unique in its conversation.
    pub number: u32,
    /// The turn whose image this one refined; `None` for a first turn.
    pub parent: Option<u32>,
    pub prompt: String,
    /// The model's words with the image.
    pub reply: Option<String>,
    /// How many reference images went with its prompt.
    pub references: usize,
}

/// The turns so far and the one the next prompt continues.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conversation {
    pub id: u64,
    pub turns: Vec<Turn>,
    /// The turn whose image the next prompt refines; `None`: it starts.
    pub at: Option<u32>,
}

/// What a new prompt sends of the conversation: the messages before it,
/// and where the refined image goes (it is image 0 of the request).
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub history: Vec<Message>,
    /// The refined image goes with the new prompt (the default); `false`:
    /// it is in the last assistant message, or there is none.
    pub image_with_prompt: bool,
}

/// What the assistant says in a turn that came with no words: a message
/// of only an image would be dropped with its image by the proxy.
pub const IMAGE_ONLY_REPLY: &str = "(image)";

impl Conversation {
    pub fn new(id: u64) -> Self {
        Conversation {
            id,
            turns: Vec::new(),
            at: None,
        }
    }

    pub fn turn(&self, number: u32) -> Option<&Turn> {
        self.turns.iter().find(|t| t.number == number)
    }

    /// The tag the next turn will have, sent with `references` images.
    pub fn next(&self, references: usize) -> TurnTag {
        TurnTag {
            conversation: self.id,
            number: self.turns.iter().map(|t| t.number).max().unwrap_or(0) + 1,
            parent: self.at,
            references,
        }
    }

    /// Adds a turn that came back; the next prompt continues from it. A
    /// second image of the same turn (several in one run) adds nothing.
    pub fn add(&mut self, tag: TurnTag, prompt: &str, reply: Option<String>) -> bool {
        if tag.conversation != self.id || self.turn(tag.number).is_some() {
            return false;
        }
        self.turns.push(Turn {
            number: tag.number,
            parent: tag.parent,
            prompt: prompt.to_string(),
            reply,
            references: tag.references,
        });
        self.at = Some(tag.number);
        true
    }

    /// Continues from an earlier turn: the later ones stay, as another
    /// branch.
    pub fn branch_from(&mut self, number: u32) {
        if self.turn(number).is_some() {
            self.at = Some(number);
        }
    }

    /// The turns from the first to `to`, following each one's parent.
    pub fn path(&self, to: u32) -> Vec<&Turn> {
        let mut path = Vec::new();
        let mut next = Some(to);
        while let Some(number) = next {
            // A loop in broken data ends here instead of running forever.
            if path.len() > self.turns.len() {
                break;
            }
            let Some(turn) = self.turn(number) else {
                break;
            };
            path.push(turn);
            next = turn.parent;
        }
        path.reverse();
        path
    }

    /// Whether a turn is on the way to the one being continued.
    pub fn on_path(&self, number: u32) -> bool {
        self.at
            .is_some_and(|at| self.path(at).iter().any(|t| t.number == number))
    }

    /// What the next prompt sends of the turns before it.
    pub fn sent(&self, assistant_images: bool) -> Sent {
        let Some(at) = self.at else {
            return Sent {
                history: Vec::new(),
                image_with_prompt: false,
            };
        };
        let path = self.path(at);
        let mut history = Vec::with_capacity(path.len() * 2);
        for (i, turn) in path.iter().enumerate() {
            history.push(Message {
                role: Role::User,
                parts: vec![Part::Text(turn.prompt.clone())],
            });
            let words = turn.reply.clone().filter(|r| !r.trim().is_empty());
            let mut parts = vec![Part::Text(words.unwrap_or_else(|| IMAGE_ONLY_REPLY.into()))];
            if assistant_images && i + 1 == path.len() {
                parts.push(Part::Image(0));
            }
            history.push(Message {
                role: Role::Assistant,
                parts,
            });
        }
        Sent {
            history,
            image_with_prompt: !assistant_images,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn text(role: Role, text: &str) -> Message {
        Message {
            role,
            parts: vec![Part::Text(text.into())],
        }
    }

    /// Turn 1 "a cat", turn 2 "a hat" from it.
    fn two_turns() -> Conversation {
        let mut c = Conversation::new(7);
        let first = c.next(0);
        assert_eq!(
            first,
            TurnTag {
                conversation: 7,
                number: 1,
                parent: None,
                references: 0,
            }
        );
        assert!(c.add(first, "a cat", Some("Here is a cat.".into())));
        let second = c.next(0);
        assert_eq!(second.parent, Some(1));
        assert!(c.add(second, "add a hat", None));
        c
    }

    #[test]
    fn a_new_conversation_sends_nothing_before_the_prompt() {
        let sent = Conversation::new(1).sent(false);
        assert!(sent.history.is_empty());
        assert!(!sent.image_with_prompt);
    }

    #[test]
    fn earlier_turns_go_as_text_and_the_refined_image_with_the_prompt() {
        let c = two_turns();
        assert_eq!(c.at, Some(2));
        let sent = c.sent(false);
        assert_eq!(
            sent.history,
            [
                text(Role::User, "a cat"),
                text(Role::Assistant, "Here is a cat."),
                text(Role::User, "add a hat"),
                text(Role::Assistant, IMAGE_ONLY_REPLY),
            ]
        );
        assert!(
            sent.image_with_prompt,
            "the captured proxy drops assistant images"
        );
    }

    #[test]
    fn a_gateway_that_passes_assistant_images_gets_the_last_one_there() {
        let sent = two_turns().sent(true);
        assert!(!sent.image_with_prompt);
        let images: Vec<(Role, usize)> = sent
            .history
            .iter()
            .flat_map(|m| {
                m.parts.iter().filter_map(move |p| match p {
                    Part::Image(i) => Some((m.role, *i)),
                    Part::Text(_) => None,
                })
            })
            .collect();
        assert_eq!(images, [(Role::Assistant, 0)], "one image: the one refined");
        assert_eq!(sent.history.len(), 4);
    }

    #[test]
    fn a_branch_from_an_earlier_turn_leaves_the_later_ones_and_sends_its_own_path() {
        let mut c = two_turns();
        c.branch_from(1);
        let third = c.next(0);
        assert_eq!(
            third,
            TurnTag {
                conversation: 7,
                number: 3,
                parent: Some(1),
                references: 0,
            }
        );
        assert!(c.add(third, "a dog instead", None));
        assert_eq!(c.turns.len(), 3, "turn 2 stays, as another branch");
        let path: Vec<u32> = c.path(3).iter().map(|t| t.number).collect();
        assert_eq!(path, [1, 3]);
        assert!(c.on_path(1) && c.on_path(3) && !c.on_path(2));
        let prompts: Vec<String> = c
            .sent(false)
            .history
            .iter()
            .filter(|m| m.role == Role::User)
            .map(|m| match &m.parts[0] {
                Part::Text(t) => t.clone(),
                Part::Image(_) => String::new(),
            })
            .collect();
        assert_eq!(prompts, ["a cat", "a dog instead"], "turn 2 is not sent");
        // Branching to a turn that does not exist changes nothing.
        c.branch_from(9);
        assert_eq!(c.at, Some(3));
    }

    #[test]
    fn a_turn_says_how_many_references_went_with_it() {
        let mut c = Conversation::new(3);
        let tag = c.next(2);
        assert_eq!(tag.references, 2);
        assert!(c.add(tag, "these two, together", None));
        assert_eq!(c.turns[0].references, 2);
    }

    #[test]
    fn a_second_image_of_a_turn_or_another_conversations_adds_nothing() {
        let mut c = two_turns();
        let tag = TurnTag {
            conversation: 7,
            number: 2,
            parent: Some(1),
            references: 0,
        };
        assert!(!c.add(tag, "again", None));
        let other = TurnTag {
            conversation: 8,
            number: 3,
            parent: None,
            references: 0,
        };
        assert!(!c.add(other, "elsewhere", None));
        assert_eq!(c.turns.len(), 2);
    }

    #[test]
    fn a_parent_loop_in_broken_data_ends() {
        let mut c = Conversation::new(1);
        c.turns = vec![
            Turn {
                number: 1,
                parent: Some(2),
                prompt: "a".into(),
                reply: None,
                references: 0,
            },
            Turn {
                number: 2,
                parent: Some(1),
                prompt: "b".into(),
                reply: None,
                references: 0,
            },
        ];
        assert!(c.path(2).len() <= 3);
    }
}
