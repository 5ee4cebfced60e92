#include "algorithms/resolve/phone_validity.h"

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <re2/re2.h>

#include <algorithm>
#include <list>
#include <map>
#include <set>
#include <string>

#include "engine/errors.h"

// libphonenumber compiles its metadata in as a serialised PhoneMetadataCollection and exports
// these two accessors, but installs no header declaring them.
namespace i18n::phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace corridor {
namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneNumberDesc;

std::unique_ptr<re2::RE2> Compile(const std::string& pattern) {
  if (pattern.empty()) return nullptr;
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto compiled = std::make_unique<re2::RE2>(pattern, options);
  if (!compiled->ok()) {
    throw InternalError("libphonenumber pattern does not compile with RE2: " + pattern);
  }
  return compiled;
}

}  // namespace

bool PhoneValidity::Description::Matches(std::string_view national) const {
  if (!lengths.empty() && std::find(lengths.begin(), lengths.end(),
                                    static_cast<int>(national.size())) == lengths.end()) {
    return false;
  }
  return pattern != nullptr && re2::RE2::FullMatch(national, *pattern);
}

bool PhoneValidity::Territory::HasType(std::string_view national) const {
  if (!general.Matches(national)) return false;
  for (const Description& description : special) {
    if (description.Matches(national)) return true;
  }
  if (fixed_line.Matches(national)) return true;
  return !same_mobile_and_fixed_line_pattern && mobile.Matches(national);
}

PhoneValidity::PhoneValidity() {
  using i18n::phonenumbers::PhoneMetadataCollection;
  using i18n::phonenumbers::PhoneNumberUtil;
  PhoneMetadataCollection collection;
  if (!collection.ParseFromArray(i18n::phonenumbers::metadata_get(),
                                 i18n::phonenumbers::metadata_size())) {
    throw InternalError("cannot read libphonenumber's compiled-in metadata");
  }
  std::map<std::string, const PhoneMetadata*> of_region;
  std::map<int, const PhoneMetadata*> of_global_network;  // region "001", one per calling code
  for (const PhoneMetadata& metadata : collection.metadata()) {
    if (metadata.id() == PhoneNumberUtil::kRegionCodeForNonGeoEntity) {
      of_global_network[metadata.country_code()] = &metadata;
    } else {
      of_region[metadata.id()] = &metadata;
    }
  }
  const auto describe = [](const PhoneNumberDesc& desc) {
    Description description;
    description.lengths.assign(desc.possible_length().begin(), desc.possible_length().end());
    description.pattern = Compile(desc.national_number_pattern());
    return description;
  };
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::set<int> calling_codes;
  util.GetSupportedCallingCodes(&calling_codes);
  for (const int code : calling_codes) {
    std::list<std::string> regions;
    util.GetRegionCodesForCountryCallingCode(code, &regions);
    std::vector<Territory>& territories = territories_[code];
    for (const std::string& region : regions) {
      const PhoneMetadata* metadata = nullptr;
      if (region == PhoneNumberUtil::kRegionCodeForNonGeoEntity) {
        const auto it = of_global_network.find(code);
        if (it != of_global_network.end()) metadata = it->second;
      } else {
        const auto it = of_region.find(region);
        if (it != of_region.end()) metadata = it->second;
      }
      if (metadata == nullptr) {
        throw InternalError("libphonenumber lists region " + region + " for calling code " +
                            std::to_string(code) + " but has no metadata for it");
      }
      Territory territory;
      territory.has_leading_digits = metadata->has_leading_digits();
      territory.leading_digits = Compile(metadata->leading_digits());
      territory.general = describe(metadata->general_desc());
      for (const PhoneNumberDesc* desc :
           {&metadata->premium_rate(), &metadata->toll_free(), &metadata->shared_cost(),
            &metadata->voip(), &metadata->personal_number(), &metadata->pager(), &metadata->uan(),
            &metadata->voicemail()}) {
        territory.special.push_back(describe(*desc));
      }
      territory.fixed_line = describe(metadata->fixed_line());
      territory.mobile = describe(metadata->mobile());
      territory.same_mobile_and_fixed_line_pattern = metadata->same_mobile_and_fixed_line_pattern();
      territories.push_back(std::move(territory));
    }
  }
}

PhoneValidity::~PhoneValidity() = default;

const PhoneValidity& PhoneValidity::Get() {
  static const PhoneValidity instance;
  return instance;
}

bool PhoneValidity::IsValid(int calling_code, std::string_view national) const {
  const auto it = territories_.find(calling_code);
  if (it == territories_.end() || it->second.empty()) return false;
  const std::vector<Territory>& territories = it->second;
  if (territories.size() == 1) return territories.front().HasType(national);
  for (const Territory& territory : territories) {
    if (territory.has_leading_digits) {
      re2::StringPiece rest(national.data(), national.size());
      if (territory.leading_digits == nullptr ||
          re2::RE2::Consume(&rest, *territory.leading_digits)) {
        return territory.HasType(national);
      }
    } else if (territory.HasType(national)) {
      return true;
    }
  }
  return false;
}

}  // namespace corridor
