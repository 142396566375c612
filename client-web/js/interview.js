// Interview mode (PROTOCOL.md, "Interview mode") as the screens see it: who
// the candidate is, whether this screen may still rate, and the rubric of a
// reveal. Pure: no DOM, no socket, so the tests feed it the golden vectors.

/// Ratings run from 1 to 5.
export const RATING_SCORES = [1, 2, 3, 4, 5];

/// The candidate {id, name} of the view's question, or null outside interview mode.
export function candidateOf(view) {
  const c = view?.question?.candidate;
  return c && view.question.q === view.q ? c : null;
}

/// `view` with its question taken from `saved` (the questions this tab kept,
/// by index) when a reload left it without one: a reveal in `state` does not
/// repeat the question, and interview mode needs its candidate.
export function withSavedQuestion(view, saved) {
  if (view.q == null || view.question?.q === view.q || !saved?.[view.q]) return view;
  return { ...view, question: { ...saved[view.q], q: view.q } };
}

/// Whether this player is the one answering the open question.
export function isCandidate(view) {
  const c = candidateOf(view);
  return Boolean(c && view.you?.player_id && c.id === view.you.player_id);
}

/// The reveal's keywords, each marked as covered by the candidate's typed
/// answer or not ({keyword, covered}); empty when the reveal has none.
export function rubric(reveal) {
  const keywords = reveal?.correct?.keywords;
  if (!Array.isArray(keywords)) return [];
  const covered = new Set(Array.isArray(reveal.covered) ? reveal.covered.map(String) : []);
  return keywords.map((k) => ({ keyword: String(k), covered: covered.has(String(k)) }));
}

/// Whether rating is open to this screen now: an interview reveal before its
/// `rating_deadline` (server time, `serverNow`) and before `rated`, never to
/// the candidate, and only once (`view.myRating`).
export function canRate(view, serverNow) {
  if (view?.phase !== 'reveal' || !view.reveal) return false;
  const deadline = view.reveal.rating_deadline;
  if (typeof deadline !== 'number' || serverNow >= deadline) return false;
  if (view.rated?.q === view.q) return false;
  if (view.myRating != null) return false;
  return candidateOf(view) !== null && !isCandidate(view);
}

/// A rating in words, for the screen that gave it.
export function describeRated(rated) {
  if (!rated) return '';
  if (!rated.ratings) return `No ratings: ${rated.points} points for the key terms covered`;
  const median = Number.isInteger(rated.median) ? String(rated.median) : rated.median.toFixed(1);
  return `Median ${median} of 5 from ${rated.ratings} ${rated.ratings === 1 ? 'rating' : 'ratings'}: ${rated.points} points`;
}
