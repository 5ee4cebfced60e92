#include "algorithms/resolve/features.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

#include "engine/parallel.h"
#include "engine/string_pool.h"

namespace corridor {
namespace {

// Raw values of one category, interned so each distinct string is normalised once.
struct RawColumn {
  StringPool pool;
  std::vector<StringId> of_mention;
};

// Normalises every distinct raw value of a pool in parallel; `make_state` gives each chunk of
// work its own state (an ICU transliterator is not thread-safe).
template <typename T, typename MakeState, typename Normalise>
std::vector<T> NormaliseDistinct(const StringPool& pool, MakeState make_state,
                                 Normalise normalise) {
  std::vector<T> out(pool.size());
  parallel::ForChunks(1, pool.size(), parallel::kGrainMedium, [&](std::size_t lo, std::size_t hi) {
    auto state = make_state();
    for (std::size_t id = lo; id < hi; ++id) {
      out[id] = normalise(state, pool.View(static_cast<StringId>(id)));
    }
  });
  return out;
}

// Dense ids for distinct normalised texts, shared by all text categories; 0 is "none".
class TextTable {
 public:
  explicit TextTable(std::vector<std::string>& texts) : texts_(texts) {
    texts_.assign(1, std::string());
  }
  std::uint32_t Id(const std::string& text) {
    if (text.empty()) return 0;
    const auto [it, inserted] = index_.try_emplace(text, static_cast<std::uint32_t>(texts_.size()));
    if (inserted) texts_.push_back(text);
    return it->second;
  }

 private:
  std::vector<std::string>& texts_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

std::string JoinedName(const RecordTable& table, RecordIndex r) {
  const std::string_view full = table.First(r, Field::kFullName);
  if (!full.empty()) return std::string(full);
  std::string joined(table.First(r, Field::kGivenName));
  const std::string_view family = table.First(r, Field::kFamilyName);
  if (!family.empty()) {
    if (!joined.empty()) joined.push_back(' ');
    joined.append(family);
  }
  return joined;
}

bool IsPhoneField(Field field) {
  switch (field) {
    case Field::kPhone:
    case Field::kOwnerPhone:
    case Field::kContactPhone:
    case Field::kFrom:
    case Field::kTo:
    case Field::kPayerPhone:
    case Field::kPayeePhone:
      return true;
    default:
      return false;
  }
}

// A raw phone is only meaningful with its source's region, so the cache key carries both.
std::string PhoneKey(const CaseData& data, RecordIndex r, std::string_view raw) {
  const SourceIndex source = data.records.ref(r).source;
  std::string key =
      source < data.sources.size() ? data.sources[source].region : std::string(data.region);
  const std::string canonical = CanonicalPhoneText(raw, key);
  key.push_back('\x1f');
  key += canonical;
  return key;
}

NormalisedPhone NormaliseKeyedPhone(std::string_view key) {
  const std::size_t split = key.find('\x1f');
  return NormalisePhone(key.substr(split + 1), key.substr(0, split));
}

}  // namespace

PersonMentions ExtractPersons(const CaseData& data, NormaliseReport& report) {
  const RecordTable& table = data.records;
  PersonMentions out;
  for (RecordIndex r = 0; r < table.size(); ++r) {
    if (table.kind(r) == RecordKind::kPerson) out.records.push_back(r);
  }
  const std::size_t n = out.size();

  RawColumn names, fathers, givens, families, texts_raw, phones_raw;
  names.of_mention.resize(n);
  fathers.of_mention.resize(n);
  givens.of_mention.resize(n);
  families.of_mention.resize(n);
  std::vector<StringId> dob_raw(n);
  StringPool dobs;
  constexpr Field kTextFields[] = {Field::kDocument, Field::kEmail,    Field::kAddress,
                                   Field::kCity,     Field::kPostcode, Field::kNationality,
                                   Field::kSex};
  constexpr std::size_t kTextCount = std::size(kTextFields);
  std::vector<std::array<StringId, kTextCount>> text_raw(n);
  std::vector<std::uint64_t> phone_raw_begin(n + 1, 0);
  std::vector<StringId> phone_raw;
  for (std::size_t m = 0; m < n; ++m) {
    const RecordIndex r = out.records[m];
    names.of_mention[m] = names.pool.Intern(JoinedName(table, r));
    fathers.of_mention[m] = fathers.pool.Intern(table.First(r, Field::kFatherName));
    // A full name makes the mention unstructured even if parts are given: the parts may not
    // be what the full name says.
    if (table.First(r, Field::kFullName).empty()) {
      givens.of_mention[m] = givens.pool.Intern(table.First(r, Field::kGivenName));
      families.of_mention[m] = families.pool.Intern(table.First(r, Field::kFamilyName));
    }
    dob_raw[m] = dobs.Intern(table.First(r, Field::kDob));
    for (std::size_t t = 0; t < kTextCount; ++t) {
      text_raw[m][t] = texts_raw.pool.Intern(table.First(r, kTextFields[t]));
    }
    for (const FieldValue& value : table.fields(r)) {
      if (value.field != Field::kPhone) continue;
      phone_raw.push_back(
          phones_raw.pool.Intern(PhoneKey(data, r, table.strings().View(value.value))));
    }
    phone_raw_begin[m + 1] = phone_raw.size();
  }

  const NameNormaliser prototype;
  const auto make_normaliser = [&prototype] { return prototype.Clone(); };
  const std::vector<NormalisedName> name_values = NormaliseDistinct<NormalisedName>(
      names.pool, make_normaliser,
      [](NameNormaliser& normaliser, std::string_view raw) { return normaliser.Normalise(raw); });
  const std::vector<NormalisedName> father_values = NormaliseDistinct<NormalisedName>(
      fathers.pool, make_normaliser,
      [](NameNormaliser& normaliser, std::string_view raw) { return normaliser.Normalise(raw); });
  const std::vector<NormalisedName> given_values = NormaliseDistinct<NormalisedName>(
      givens.pool, make_normaliser,
      [](NameNormaliser& normaliser, std::string_view raw) { return normaliser.Normalise(raw); });
  const std::vector<NormalisedName> family_values = NormaliseDistinct<NormalisedName>(
      families.pool, make_normaliser,
      [](NameNormaliser& normaliser, std::string_view raw) { return normaliser.Normalise(raw); });
  report.names =
      names.pool.size() + fathers.pool.size() + givens.pool.size() + families.pool.size() - 4;

  // Text categories differ in how they normalise, so each raw value is normalised per
  // category it occurs in; the texts are few compared with mentions.
  std::vector<std::array<std::string, kTextCount>> text_values(texts_raw.pool.size());
  {
    std::vector<std::array<bool, kTextCount>> used(texts_raw.pool.size());
    for (std::size_t m = 0; m < n; ++m) {
      for (std::size_t t = 0; t < kTextCount; ++t) used[text_raw[m][t]][t] = true;
    }
    parallel::ForChunks(
        1, texts_raw.pool.size(), parallel::kGrainMedium, [&](std::size_t lo, std::size_t hi) {
          NameNormaliser normaliser = prototype.Clone();
          for (std::size_t id = lo; id < hi; ++id) {
            const std::string_view raw = texts_raw.pool.View(static_cast<StringId>(id));
            for (std::size_t t = 0; t < kTextCount; ++t) {
              if (!used[id][t]) continue;
              switch (kTextFields[t]) {
                case Field::kDocument:
                  text_values[id][t] = NormaliseDocument(raw);
                  break;
                case Field::kEmail:
                  text_values[id][t] = NormaliseEmail(raw);
                  break;
                default:
                  text_values[id][t] = normaliser.NormaliseText(raw);
                  break;
              }
            }
          }
        });
  }
  const std::vector<NormalisedPhone> phone_values = NormaliseDistinct<NormalisedPhone>(
      phones_raw.pool, [] { return 0; },
      [](int, std::string_view key) { return NormaliseKeyedPhone(key); });
  const std::vector<DateOfBirth> dob_values = NormaliseDistinct<DateOfBirth>(
      dobs, [] { return 0; }, [](int, std::string_view raw) { return ParseDateOfBirth(raw); });

  // Names: the own name and the father's (from the field, else from "s/o" in the name).
  out.names.assign(1, NormalisedName());
  std::unordered_map<std::string, std::uint32_t> name_ids;
  const auto name_id = [&](const NormalisedName& name) -> std::uint32_t {
    if (name.empty()) return 0;
    // Names that differ only in token order are one value: no comparison looks at order.
    const auto [it, inserted] =
        name_ids.try_emplace(name.key, static_cast<std::uint32_t>(out.names.size()));
    if (inserted) {
      out.names.push_back(name);
      out.names.back().father_tokens.clear();
    }
    return it->second;
  };
  out.name.resize(n);
  out.father.resize(n);
  out.given.resize(n);
  out.family.resize(n);
  out.dob.resize(n);
  for (std::size_t m = 0; m < n; ++m) {
    const NormalisedName& name = name_values[names.of_mention[m]];
    out.name[m] = name_id(name);
    const NormalisedName& father = father_values[fathers.of_mention[m]];
    if (!father.empty()) {
      out.father[m] = name_id(father);
    } else if (!name.father_tokens.empty()) {
      out.father[m] = name_id(NameFromTokens(name.father_tokens));
    }
    out.given[m] = name_id(given_values[givens.of_mention[m]]);
    out.family[m] = name_id(family_values[families.of_mention[m]]);
    out.dob[m] = dob_values[dob_raw[m]];
    if (dob_raw[m] != StringPool::kEmpty && !out.dob[m].known()) ++report.invalid_dates;
  }

  std::unordered_map<std::string_view, std::uint32_t> skeleton_ids;
  out.skeleton_of_name.resize(out.names.size());
  for (std::size_t id = 0; id < out.names.size(); ++id) {
    const auto [it, inserted] = skeleton_ids.try_emplace(
        out.names[id].skeleton, static_cast<std::uint32_t>(skeleton_ids.size()));
    out.skeleton_of_name[id] = it->second;
  }

  TextTable texts(out.texts);
  std::vector<std::uint32_t>* columns[] = {&out.document, &out.email,       &out.address, &out.city,
                                           &out.postcode, &out.nationality, &out.sex};
  for (auto* column : columns) column->resize(n);
  // Text ids per distinct raw value, in raw-id order (so ids do not depend on threads); then
  // each mention's ids are lookups, not string hashing.
  std::vector<std::array<std::uint32_t, kTextCount>> text_ids(text_values.size());
  for (std::size_t id = 0; id < text_values.size(); ++id) {
    for (std::size_t t = 0; t < kTextCount; ++t) text_ids[id][t] = texts.Id(text_values[id][t]);
  }
  parallel::For(0, n, parallel::kGrainCoarse, [&](std::size_t m) {
    for (std::size_t t = 0; t < kTextCount; ++t) (*columns[t])[m] = text_ids[text_raw[m][t]][t];
  });

  out.phone_cache.values = phone_values;
  out.phone_cache.keys = std::move(phones_raw.pool);
  out.phone_begin.assign(n + 1, 0);
  for (std::size_t m = 0; m < n; ++m) {
    for (std::uint64_t k = phone_raw_begin[m]; k < phone_raw_begin[m + 1]; ++k) {
      ++report.phones;
      const NormalisedPhone phone = phone_values[phone_raw[k]];
      if (!phone.valid()) {
        ++report.invalid_phones;
        continue;
      }
      const auto begin = out.phones.begin() + static_cast<std::ptrdiff_t>(out.phone_begin[m]);
      if (std::find(begin, out.phones.end(), phone.e164) == out.phones.end()) {
        out.phones.push_back(phone.e164);
      }
    }
    out.phone_begin[m + 1] = out.phones.size();
  }
  return out;
}

std::vector<PhoneValue> NormalisePhones(const CaseData& data, RecordKind kind,
                                        const PhoneCache& cache) {
  const RecordTable& table = data.records;
  StringPool keys;
  std::vector<PhoneValue> values;
  std::vector<StringId> key_of_value;
  for (RecordIndex r = 0; r < table.size(); ++r) {
    if (table.kind(r) != kind) continue;
    for (const FieldValue& value : table.fields(r)) {
      if (!IsPhoneField(value.field)) continue;
      values.push_back({r, value.field, 0});
      key_of_value.push_back(keys.Intern(PhoneKey(data, r, table.strings().View(value.value))));
    }
  }
  const std::vector<NormalisedPhone> normalised = NormaliseDistinct<NormalisedPhone>(
      keys, [] { return 0; },
      [&cache](int, std::string_view key) {
        const std::optional<StringId> known = cache.keys.Find(key);
        return known ? cache.values[*known] : NormaliseKeyedPhone(key);
      });
  for (std::size_t v = 0; v < values.size(); ++v) values[v].e164 = normalised[key_of_value[v]].e164;
  return values;
}

}  // namespace corridor
