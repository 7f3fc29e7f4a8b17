#pragma once
// The phrases by which a built-in template's prompt can be recognised, and the delimiters around
// the answers it shows. The fake endpoint (src/fake/roles.cpp) answers pogen's own roles by
// these, so this file is their one source of truth: tests/templates/markers_test.cpp checks
// that every built-in template contains the markers listed for it, so a template reworded
// without its marker fails there rather than leaving the fake to answer with a default.

#include <span>
#include <string_view>

namespace pogen::pipeline::markers {

// The role of a request, from its first user message (the template's rendering).
inline constexpr std::string_view kCombined = "### Score Assistant A:";  // judge-combined.md
inline constexpr std::string_view kComparison =
    "[[A]] if the answer of Assistant A is better";  // judge-comparison.md
inline constexpr std::string_view kIndependent = "[Answer of the assistant]";  // judge-independent
inline constexpr std::string_view kDebateFinal =
    "The discussion is over; now give your own final";                       // debate-final.md
inline constexpr std::string_view kDebateTurn = "The panel talks in turns";  // debate-turn.md
inline constexpr std::string_view kReview =
    "You are reviewing an AI assistant's answer";  // review.md
// From the last user message: a judge's follow-up and a generator's revision request.
inline constexpr std::string_view kReask =
    "does not end with the result in the required format";  // judge-reask.md
inline constexpr std::string_view kRevise = "A reviewer has read your answer above";  // revise.md

// Where the answers sit in a rendered prompt: between open and close, inside the renderer's
// block (`<answer_a id="...">` ... `</answer_a id="...">`, templates/untrusted.hpp), which is
// what a reader should trust; the plain markers alone are what a prompt rendered without blocks
// had, and what an answer can imitate.
struct Span {
  std::string_view open;
  std::string_view close;
};
// judge-combined.md and judge-comparison.md
inline constexpr Span kPairAnswerA{"[Answer of Assistant A]\n",
                                   "\n[End of the answer of Assistant A]"};
inline constexpr Span kPairAnswerB{"[Answer of Assistant B]\n",
                                   "\n[End of the answer of Assistant B]"};
// debate-turn.md and debate-final.md
inline constexpr Span kDebateAnswerA{"[The Start of Assistant A's Answer]\n",
                                     "\n[The End of Assistant A's Answer]"};
inline constexpr Span kDebateAnswerB{"[The Start of Assistant B's Answer]\n",
                                     "\n[The End of Assistant B's Answer]"};
// judge-independent.md
inline constexpr Span kSingleAnswer{"[Answer of the assistant]\n",
                                    "\n[End of the answer of the assistant]"};
// review.md
inline constexpr Span kReviewedAnswer{"Answer under review:\n", "\n\nReview the answer"};
// The score format every scoring template asks for: X/<max>.
inline constexpr std::string_view kScoreOutOf = "X/";

// Each built-in template with a phrase (or delimiter) its rendering must contain.
struct TemplateMarker {
  std::string_view template_name;  // under prompts/
  std::string_view phrase;
};
std::span<const TemplateMarker> template_markers();

}  // namespace pogen::pipeline::markers
