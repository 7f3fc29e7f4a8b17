#include "templates/markers.hpp"

namespace pogen::pipeline::markers {
namespace {

constexpr TemplateMarker kMarkers[] = {
    {"judge-combined.md", kCombined},
    {"judge-combined.md", kPairAnswerA.open},
    {"judge-combined.md", kPairAnswerA.close},
    {"judge-combined.md", kPairAnswerB.open},
    {"judge-combined.md", kPairAnswerB.close},
    {"judge-combined.md", kScoreOutOf},
    {"judge-comparison.md", kComparison},
    {"judge-comparison.md", kPairAnswerA.open},
    {"judge-comparison.md", kPairAnswerA.close},
    {"judge-comparison.md", kPairAnswerB.open},
    {"judge-comparison.md", kPairAnswerB.close},
    {"judge-independent.md", kIndependent},
    {"judge-independent.md", kSingleAnswer.open},
    {"judge-independent.md", kSingleAnswer.close},
    {"judge-independent.md", kScoreOutOf},
    {"debate-turn.md", kDebateTurn},
    {"debate-turn.md", kDebateAnswerA.open},
    {"debate-turn.md", kDebateAnswerA.close},
    {"debate-turn.md", kDebateAnswerB.open},
    {"debate-turn.md", kDebateAnswerB.close},
    {"debate-final.md", kDebateFinal},
    {"debate-final.md", kDebateAnswerA.open},
    {"debate-final.md", kDebateAnswerB.close},
    {"review.md", kReview},
    {"review.md", kReviewedAnswer.open},
    {"review.md", kReviewedAnswer.close},
    {"review.md", kScoreOutOf},
    {"judge-reask.md", kReask},
    {"revise.md", kRevise},
};

}  // namespace

std::span<const TemplateMarker> template_markers() { return kMarkers; }

}  // namespace pogen::pipeline::markers
