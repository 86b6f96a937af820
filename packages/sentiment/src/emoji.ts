/**
 * Emoji valences on VADER's -4..4 scale, written for Vakt (no third-party data). Values follow how emojis are
 * used in posts, not their Unicode names: 😂 is laughter (positive), 💀 is "I'm dead (laughing)" as often as
 * death, so it is weak; 🙄 and 🙃 are sarcasm markers (see `SARCASM_EMOJI`) with a mild negative valence.
 * Keys have variation selectors (U+FE0F) and skin tones removed: see `emojiKey`.
 */
export const EMOJI_VALENCE: ReadonlyMap<string, number> = new Map(
  Object.entries({
    // joy, love, approval
    '😀': 2.2, '😃': 2.4, '😄': 2.4, '😁': 2.4, '😆': 2.2, '😅': 1.0, '😂': 1.8, '🤣': 2.0, '🙂': 1.4, '😊': 2.4,
    '😇': 2.0, '🥰': 3.0, '😍': 3.0, '🤩': 3.0, '😘': 2.6, '😗': 1.6, '☺': 2.2, '😚': 2.4, '😙': 2.0, '😋': 2.2,
    '😛': 1.6, '😜': 1.8, '🤪': 1.6, '😝': 1.6, '🤗': 2.4, '🤭': 1.2, '😏': 0.6, '😌': 1.6, '😎': 2.2, '🥳': 3.0,
    '🤤': 1.2, '😉': 1.6, '❤': 3.0, '♥': 2.8, '💕': 3.0, '💖': 3.0, '💗': 3.0, '💓': 2.8, '💞': 2.8, '💘': 2.8,
    '💝': 2.8, '💟': 2.4, '💜': 2.6, '💙': 2.6, '💚': 2.6, '💛': 2.6, '🧡': 2.6, '🤍': 2.2, '🖤': 1.2, '🤎': 2.0,
    '♡': 2.6, '😻': 2.8, '😸': 2.2, '😺': 2.0, '😹': 1.8, '👍': 2.2, '👌': 2.0, '👏': 2.2, '🙌': 2.6, '🙏': 1.8,
    '💪': 2.0, '✌': 1.6, '🤞': 1.4, '🤝': 1.6, '👊': 1.0, '✊': 0.8, '🤘': 1.8, '👋': 1.2, '🎉': 2.8,
    '🎊': 2.8, '🥂': 2.4, '🍾': 2.4, '🎈': 2.0, '🎁': 2.0, '🏆': 2.6, '🥇': 2.6, '⭐': 2.0, '🌟': 2.4, '✨': 1.8,
    '💯': 2.4, '🔥': 1.6, '☀': 1.6, '🌞': 2.0, '🌈': 2.0, '🌸': 2.0, '🌹': 2.0, '🌺': 2.0, '🌷': 2.0, '💐': 2.4,
    '✅': 1.6, '✔': 1.2, '🆒': 1.8, '👑': 1.8, '💃': 2.4, '🕺': 2.4, '🎶': 1.6, '🎵': 1.4, '😽': 2.2,
    '💋': 2.4, '🍀': 1.8, '😬': -0.8, '🙈': 0.8, '🙊': 0.6, '🙉': 0.4, '🤓': 1.0, '🤠': 1.6, '🥺': -0.4,
    // sadness, anger, disgust, fear
    '😞': -2.2, '😔': -2.0, '😟': -2.0, '😕': -1.6, '🙁': -1.8, '☹': -2.2, '😣': -2.0, '😖': -2.2, '😫': -2.2,
    '😩': -2.2, '🥱': -1.0, '😢': -2.4, '😭': -1.6, '😤': -1.8, '😠': -2.8, '😡': -3.0, '🤬': -3.2, '🤯': -1.2,
    '😳': -0.6, '😱': -1.8, '😨': -2.2, '😰': -2.2, '😥': -1.8, '😓': -1.6, '🤔': -0.2, '🤥': -2.0, '😶': -0.6,
    '😐': -0.8, '😑': -1.2, '😒': -2.2, '🙄': -1.6, '🙃': -0.6, '😪': -1.4, '😴': -0.8, '🤐': -0.6, '🤢': -2.6,
    '🤮': -3.0, '🤧': -1.2, '😷': -1.2, '🤒': -1.6, '🤕': -1.8, '😵': -1.6, '🥵': -1.0, '🥶': -1.0, '😿': -2.2,
    '😾': -2.2, '🙀': -1.6, '👎': -2.4, '🖕': -3.0, '💔': -2.6, '💩': -2.0, '💀': -0.6, '☠': -1.8, '👿': -2.4,
    '😈': 0.4, '🤡': -1.8, '⚠': -1.0, '❌': -1.6, '⛔': -1.6, '🚫': -1.6, '🆘': -2.0, '😧': -1.8, '😦': -1.6,
    '😮': -0.4, '😯': -0.4, '😲': 0.2, '🤨': -1.0, '🧐': -0.2, '🫤': -1.2, '😮‍💨': -1.2, '🤦': -2.0, '🤷': -0.4,
    '🔫': -1.6, '💣': -1.6, '🐍': -1.6, '🤑': 0.6, '💸': -0.8, '📉': -1.2, '📈': 1.0,
  }),
);

/** Emojis that mark irony: a post with 🙄 after "toppen" means the opposite. See the sarcasm rule in `rules.ts`. */
export const SARCASM_EMOJI: ReadonlySet<string> = new Set(['🙄', '🙃', '😒', '🤡', '😏']);

// Variation selector-16, text selector-15 and the five Fitzpatrick skin-tone modifiers change nothing for us.
const EMOJI_NOISE = /[\uFE0E\uFE0F]|\uD83C[\uDFFB-\uDFFF]/g;

/** The lookup key of an emoji token: presentation selectors and skin tones stripped; ZWJ sequences keep only their first person/face. */
export function emojiKey(text: string): string {
  const plain = text.replace(EMOJI_NOISE, '');
  if (EMOJI_VALENCE.has(plain)) return plain;
  const zwj = plain.indexOf('\u200D');
  return zwj > 0 ? plain.slice(0, zwj) : plain;
}
