#include "algorithms/resolve/name_score.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string_view>
#include <utility>

#include "algorithms/resolve/normalise.h"

namespace corridor {
namespace {

class NameScoreTest : public ::testing::Test {
 protected:
  double Score(std::string_view a, std::string_view b) {
    return NameScore(normaliser_.Normalise(a), normaliser_.Normalise(b));
  }
  NameNormaliser normaliser_;
};

TEST_F(NameScoreTest, SameTokensInAnyOrderScoreOne) {
  EXPECT_EQ(Score("Muhammad Akbar", "Muhammad Akbar"), 1.0);
  EXPECT_EQ(Score("Khan, Akbar", "Akbar Khan"), 1.0);
  EXPECT_EQ(Score("MUHAMMAD AKBAR", "muhammad  akbar"), 1.0);
  // Honorifics and abbreviations are gone after normalisation.
  EXPECT_EQ(Score("Haji Muhammad Akbar", "Muhammad Akbar"), 1.0);
  EXPECT_EQ(Score("Mohd. Akbar", "Muhammad Akbar"), 1.0);
  // The father's name is not scored.
  EXPECT_EQ(Score("Muhammad Akbar s/o Gul Khan", "Muhammad Akbar"), 1.0);
  // Compounds joined or split: one name.
  EXPECT_EQ(Score("Noor Ullah Ahmadzai", "Noorullah Ahmadzai"), 1.0);
  EXPECT_EQ(Score("Zia ud Din", "Ziauddin"), 1.0);
  EXPECT_EQ(Score("Uddin, Mohammad", "Mohammad Ud-Din"), 1.0);
}

TEST_F(NameScoreTest, ScriptAndSpellingVariantsScoreHigh) {
  const std::pair<const char*, const char*> pairs[] = {{"محمد اکبر", "Muhammad Akbar"},
                                                       {"علی", "Ali"},
                                                       {"Mohammed", "Muhammad"},
                                                       {"محمد Akbar", "Mohammed Akber"},
                                                       {"خان, اکبر", "Akbar Khan"},
                                                       {"حسین", "Hussain"},
                                                       {"Rahemi", "Rahimi"},
                                                       {"Qasim", "Kasim"}};
  for (const auto& [a, b] : pairs) {
    const double score = Score(a, b);
    EXPECT_GE(score, 0.9) << a << " vs " << b;
    EXPECT_LT(score, 1.0) << a << " vs " << b;
    EXPECT_GE(score, kNameMatchThreshold) << a << " vs " << b;
  }
}

TEST_F(NameScoreTest, DroppedTokenMatchesBelowOne) {
  const double dropped = Score("Muhammad Akbar", "Muhammad Akbar Khan");
  EXPECT_GE(dropped, kNameMatchThreshold);
  EXPECT_LT(dropped, 1.0);
  // Dropped and written in another script: still a match, lower.
  const double native = Score("Muhammad Akbar", "محمد اکبر خان");
  EXPECT_GE(native, kNameMatchThreshold);
  EXPECT_LT(native, dropped);
  // The more of the longer name is missing, the lower.
  EXPECT_LT(Score("Muhammad", "Muhammad Akbar Khan"), dropped);
  EXPECT_LT(Score("Muhammad", "Muhammad Akbar Khan"), kNameMatchThreshold);
  EXPECT_GT(Score("Muhammad Akbar Gul", "Muhammad Akbar Gul Khan"), dropped);
}

TEST_F(NameScoreTest, DifferentNamesScoreLow) {
  EXPECT_LT(Score("Gul Zaman", "Muhammad Akbar"), 0.6);
  EXPECT_LT(Score("Fatima Bibi", "Gul Zaman"), 0.6);
  EXPECT_LT(Score("گل زمان", "Muhammad Akbar"), 0.6);
  // One token of two wrong is not a match, however common the other.
  EXPECT_LT(Score("Muhammad Akbar", "Muhammad Akram"), kNameMatchThreshold);
  EXPECT_LT(Score("Abdul Wali Hakimi", "Abdul Wali Hotaki"), kNameMatchThreshold);
  // Mahmud and Muhammad are two names, in any script, whatever their letters share.
  EXPECT_LT(Score("Mahmood Hakimi", "Mohammad Hakimi"), kNameMatchThreshold);
  EXPECT_LT(Score("محمود الزبيدي", "محمد الزبيدي"), kNameMatchThreshold);
  EXPECT_GE(Score("Mahmoud", "محمود"), kNameMatchThreshold);
  EXPECT_GE(Score("Mehmood Khan", "Mahmud Khan"), kNameMatchThreshold);
}

TEST_F(NameScoreTest, ARepeatedTokenCannotStandForAMissingOne) {
  EXPECT_LT(Score("Khan Khan", "Akbar Khan"), kNameMatchThreshold);
}

TEST_F(NameScoreTest, EmptyNamesScoreZero) {
  EXPECT_EQ(Score("", "Muhammad Akbar"), 0.0);
  EXPECT_EQ(Score("Muhammad Akbar", ""), 0.0);
  EXPECT_EQ(Score("", ""), 0.0);
  EXPECT_EQ(Score("---", "Muhammad Akbar"), 0.0);
  EXPECT_EQ(NameScore(NormalisedName{}, NormalisedName{}), 0.0);
}

TEST_F(NameScoreTest, SymmetricAndInRange) {
  const char* names[] = {
      "Muhammad Akbar", "محمد اکبر", "Akbar Khan", "Ali", "Muhammad Akbar Khan", "علی",
      "Gul Zaman",      "Khan Khan", "Mohammed",   "",    "Zabihullah Stanekzai"};
  for (const char* a : names) {
    for (const char* b : names) {
      const double ab = Score(a, b);
      EXPECT_EQ(ab, Score(b, a)) << a << " vs " << b;
      EXPECT_GE(ab, 0.0) << a << " vs " << b;
      EXPECT_LE(ab, 1.0) << a << " vs " << b;
    }
  }
}

// Term frequencies count the people holding an identifier and take two names of one skeleton
// as one person's without scoring them (model.cc, SamePersonName), because such names score
// 0.95 or more: every token meets one of its own skeleton, and the token counts are equal.
TEST_F(NameScoreTest, NamesOfOneSkeletonScoreAtLeastTheSkeletonWeight) {
  const char* names[] = {"Muhammad Akbar",
                         "Mohammed Akber",
                         "محمد اکبر",
                         "Mohamad Akbar",
                         "Akbar Muhammad",
                         "Ali",
                         "Aly",
                         "علی",
                         "Eli",
                         "Hasan",
                         "Husain",
                         "Hussain Khan",
                         "Hasan Khan",
                         "Khan Hasan",
                         "Qasim",
                         "Kasim",
                         "Yusuf",
                         "Yousuf",
                         "Yousaf",
                         "Wahid",
                         "Vahid",
                         "Ahmed Shah Khan",
                         "Ahmad Shah Khan",
                         "Ahmad Khan Shah",
                         "Bibi",
                         "Bb",
                         "Zaman Gul",
                         "Gul Zaman Khan"};
  std::size_t pairs_of_one_skeleton = 0;
  for (const char* a : names) {
    for (const char* b : names) {
      const NormalisedName x = normaliser_.Normalise(a), y = normaliser_.Normalise(b);
      if (x.skeleton != y.skeleton || x.key == y.key) continue;
      ++pairs_of_one_skeleton;
      EXPECT_GE(NameScore(x, y), 0.95) << a << " vs " << b;
    }
  }
  EXPECT_GE(pairs_of_one_skeleton, 40u);  // ordered pairs, each pair both ways
}

}  // namespace
}  // namespace corridor
