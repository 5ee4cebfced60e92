#include "cli/output_format.h"

#include <charconv>
#include <cmath>

namespace corridor::cli {

std::string Number(double value) {
  if (std::isnan(value)) return {};
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return error == std::errc() ? std::string(text, end) : std::string();
}

std::string Money(double amount) {
  if (!std::isfinite(amount)) return {};
  char text[400];
  const auto [end, error] =
      std::to_chars(text, text + sizeof text, amount, std::chars_format::fixed);
  return error == std::errc() ? std::string(text, end) : std::string();
}

std::string IsoOrUnknown(const PartialTime& time) {
  return time.known() ? time.ToIso() : "unknown";
}

std::string Amounts(const CaseData& data, const LinkTable& links, std::size_t link) {
  std::string text;
  for (const CurrencyAmount& a : links.Amounts(link)) {
    if (!text.empty()) text += " | ";
    const std::string_view currency = data.records.strings().View(a.currency);
    text += (currency.empty() ? std::string() : std::string(currency) + " ") + Money(a.amount);
  }
  return text;
}

std::string Citation(const CaseData& data, RecordIndex record) {
  const RecordRef& ref = data.records.ref(record);
  return data.sources[ref.source].info.path + ":" + std::to_string(ref.line);
}

WrittenFile Written(const CsvWriter& out) { return {out.path(), out.sha256_hex(), out.bytes()}; }

WrittenFile Written(const GraphmlWriter& out) {
  return {out.path(), out.sha256_hex(), out.bytes()};
}

}  // namespace corridor::cli
