#include "algorithms/gazetteer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

namespace corridor {
namespace {

using V = std::string_view;

// Variant lists live in static arrays so Place can refer to them by span.
constexpr V kQuetta[] = {"Kwatah", "Quetta City", "Shal", "Quettah"};
constexpr V kChaman[] = {"Chamman", "Chaman Border"};
constexpr V kTaftan[] = {"Taftaan", "Taftan Border", "Kuh-i-Taftan"};
constexpr V kMashkel[] = {"Mashkhel", "Mashkhail", "Mashkeel"};
constexpr V kKarachi[] = {"Karanchi", "Khi", "Karachi City"};
constexpr V kGwadar[] = {"Gwader", "Gawadar", "Guadar"};
constexpr V kTurbat[] = {"Kech", "Turbet"};
constexpr V kPeshawar[] = {"Pesh", "Peshawer", "Pishawar"};
constexpr V kLahore[] = {"Lahor", "Lhr"};
constexpr V kIslamabad[] = {"Isb", "Islam Abad"};
constexpr V kRawalpindi[] = {"Pindi", "Rwp", "Rawal Pindi"};
constexpr V kGujranwala[] = {"Gujranwalla", "Gujran Wala"};
constexpr V kSialkot[] = {"Sialkote", "Sealkot"};
constexpr V kMandiBahauddin[] = {"Mandi Bahaudin", "M.B. Din", "Mandi Baha Ud Din"};
constexpr V kGujrat[] = {"Gujarat", "Gujraat"};
constexpr V kDeraIsmailKhan[] = {"D.I. Khan", "Dera Ismail", "DI Khan"};
constexpr V kNushki[] = {"Noshki", "Nushky"};
constexpr V kDalbandin[] = {"Dalbandeen", "Dal Bandin"};
constexpr V kPanjgur[] = {"Panjgoor", "Punjgur"};
constexpr V kPasni[] = {"Pasny"};
constexpr V kJiwani[] = {"Jiwni", "Jeewani"};
constexpr V kHub[] = {"Hub Chowki", "Hub City"};
constexpr V kTorkham[] = {"Torkhum", "Torkham Border"};
constexpr V kLandiKotal[] = {"Landikotal", "Landi Kotel"};
constexpr V kMardan[] = {"Mardaan"};
constexpr V kFaisalabad[] = {"Lyallpur", "Faisal Abad"};
constexpr V kMultan[] = {"Multaan"};
constexpr V kKabul[] = {"Kabol", "Cabul"};
constexpr V kJalalabad[] = {"Jalal Abad", "Jelalabad"};
constexpr V kKandahar[] = {"Qandahar", "Kandhar", "Qandehar"};
constexpr V kSpinBoldak[] = {"Spin Buldak", "Boldak", "Wesh"};
constexpr V kHerat[] = {"Hirat", "Herath"};
constexpr V kIslamQala[] = {"Islam Qalah", "Islam Kala"};
constexpr V kZaranj[] = {"Zaranji", "Zarang"};
constexpr V kKunduz[] = {"Qunduz", "Kondoz"};
constexpr V kMazar[] = {"Mazar", "Mazar-e Sharif", "Mazari Sharif"};
constexpr V kGhazni[] = {"Ghazna", "Gazni"};
constexpr V kLashkarGah[] = {"Lashkargah", "Lashkar Gah City", "Bost"};
constexpr V kFarah[] = {"Farrah"};
constexpr V kZahedan[] = {"Zahidan", "Zaheddan", "Duzdab"};
constexpr V kMirjaveh[] = {"Mirjaveh Border", "Mirjave", "Mirjawa"};
constexpr V kKerman[] = {"Kirman", "Kerman City"};
constexpr V kBandarAbbas[] = {"Bandar-e Abbas", "Bandar Abas", "Bandarabbas"};
constexpr V kChabahar[] = {"Chah Bahar", "Chahbahar"};
constexpr V kTehran[] = {"Teheran", "Tehraan"};
constexpr V kTabriz[] = {"Tebriz", "Tauris"};
constexpr V kUrmia[] = {"Orumiyeh", "Urmiya", "Rezaiyeh"};
constexpr V kMaku[] = {"Makou", "Mako"};
constexpr V kBazargan[] = {"Bazergan", "Bazarghan"};
constexpr V kIsfahan[] = {"Esfahan", "Ispahan"};
constexpr V kMashhad[] = {"Mashad", "Meshed"};
constexpr V kYazd[] = {"Yezd"};
constexpr V kShiraz[] = {"Shiraaz"};
constexpr V kKhoy[] = {"Khoi", "Khvoy"};
constexpr V kSalmas[] = {"Salmaas", "Shahpur"};
constexpr V kIranshahr[] = {"Iran Shahr", "Iranshehr"};
constexpr V kBam[] = {"Bam City"};
constexpr V kTaybad[] = {"Taybad Dogharoun", "Dogharoun", "Tayebad"};
constexpr V kSaravan[] = {"Sarawan", "Saravan Border"};
constexpr V kVan[] = {"Wan", "Van City"};
constexpr V kDogubayazit[] = {"Dogubeyazit", "Dogu Bayazit", "Bayazid"};
constexpr V kAgri[] = {"Agri", "Karakose"};
constexpr V kErzurum[] = {"Erzerum", "Arzurum"};
constexpr V kIstanbul[] = {"Stanbul", "Istambul", "Constantinople"};
constexpr V kIzmir[] = {"Ismir", "Smyrna"};
constexpr V kAnkara[] = {"Angora", "Ankra"};
constexpr V kHakkari[] = {"Hakari", "Colemerik"};
constexpr V kYuksekova[] = {"Yuksekowa", "Gever"};
constexpr V kKapikoy[] = {"Kapi Koy", "Razi Kapikoy"};
constexpr V kEdirne[] = {"Adrianople", "Edirna"};
constexpr V kAyvalik[] = {"Aivali", "Ayvalyk"};
constexpr V kBodrum[] = {"Bodroum"};
constexpr V kCesme[] = {"Cesme", "Chesme"};
constexpr V kMersin[] = {"Icel", "Mersina"};
constexpr V kSanliurfa[] = {"Urfa", "Sanli Urfa"};
constexpr V kGaziantep[] = {"Antep", "Ghazi Antep"};
constexpr V kBaghdad[] = {"Bagdad", "Baghdaad"};
constexpr V kErbil[] = {"Arbil", "Hawler", "Irbil"};
constexpr V kSulaymaniyah[] = {"Sulaimani", "Slemani", "Suleimaniya"};
constexpr V kDuhok[] = {"Dohuk", "Dahuk"};
constexpr V kMosul[] = {"Mousel", "Al Mawsil"};
constexpr V kZakho[] = {"Zaxo", "Zakhu"};
constexpr V kBasra[] = {"Basrah", "Al Basra"};
constexpr V kKirkuk[] = {"Karkuk", "Kerkuk"};
constexpr V kDhaka[] = {"Dacca", "Dhaka City"};
constexpr V kSylhet[] = {"Silhet", "Srihatta"};
constexpr V kChittagong[] = {"Chattogram", "Ctg"};
constexpr V kCoxsBazar[] = {"Coxs Bazar", "Cox Bazar"};
constexpr V kBenapole[] = {"Benapol", "Benapole Border"};
constexpr V kComilla[] = {"Cumilla", "Kumilla"};
constexpr V kDubai[] = {"Dubayy", "Dubay", "DXB"};
constexpr V kSharjah[] = {"Sharja", "Ash Shariqah"};
constexpr V kMuscat[] = {"Masqat", "Maskat"};
constexpr V kSohar[] = {"Suhar"};
constexpr V kKhasab[] = {"Khassab", "Khasab Port"};
constexpr V kAthens[] = {"Athina", "Athinai"};
constexpr V kMytilene[] = {"Lesbos", "Lesvos", "Mitilini"};
constexpr V kThessaloniki[] = {"Salonika", "Thessaloniki City"};
constexpr V kSofia[] = {"Sofija", "Sofiya"};
constexpr V kBelgrade[] = {"Beograd", "Belgrad"};

constexpr std::array kPlaces = {
    Place{"Quetta", kQuetta, "کوئٹہ", "PK", 30.18, 66.99},
    Place{"Chaman", kChaman, "چمن", "PK", 30.92, 66.45},
    Place{"Taftan", kTaftan, "تفتان", "PK", 28.96, 61.60},
    Place{"Mashkel", kMashkel, "ماشکیل", "PK", 28.05, 63.10},
    Place{"Karachi", kKarachi, "کراچی", "PK", 24.86, 67.01},
    Place{"Gwadar", kGwadar, "گوادر", "PK", 25.12, 62.32},
    Place{"Turbat", kTurbat, "تربت", "PK", 26.00, 63.05},
    Place{"Peshawar", kPeshawar, "پشاور", "PK", 34.01, 71.58},
    Place{"Lahore", kLahore, "لاہور", "PK", 31.55, 74.34},
    Place{"Islamabad", kIslamabad, "اسلام آباد", "PK", 33.68, 73.05},
    Place{"Rawalpindi", kRawalpindi, "راولپنڈی", "PK", 33.60, 73.04},
    Place{"Gujranwala", kGujranwala, "گوجرانوالہ", "PK", 32.16, 74.19},
    Place{"Sialkot", kSialkot, "سیالکوٹ", "PK", 32.49, 74.53},
    Place{"Mandi Bahauddin", kMandiBahauddin, "منڈی بہاؤالدین", "PK", 32.59, 73.49},
    Place{"Gujrat", kGujrat, "گجرات", "PK", 32.57, 74.08},
    Place{"Dera Ismail Khan", kDeraIsmailKhan, "ڈیرہ اسماعیل خان", "PK", 31.83, 70.90},
    Place{"Nushki", kNushki, "نوشکی", "PK", 29.55, 66.02},
    Place{"Dalbandin", kDalbandin, "دالبندین", "PK", 28.89, 64.41},
    Place{"Panjgur", kPanjgur, "پنجگور", "PK", 26.97, 64.09},
    Place{"Pasni", kPasni, "پسنی", "PK", 25.26, 63.47},
    Place{"Jiwani", kJiwani, "جیوانی", "PK", 25.05, 61.74},
    Place{"Hub", kHub, "حب", "PK", 25.05, 66.89},
    Place{"Torkham", kTorkham, "طورخم", "PK", 34.13, 71.08},
    Place{"Landi Kotal", kLandiKotal, "لنڈی کوتل", "PK", 34.10, 71.14},
    Place{"Mardan", kMardan, "مردان", "PK", 34.20, 72.04},
    Place{"Faisalabad", kFaisalabad, "فیصل آباد", "PK", 31.42, 73.08},
    Place{"Multan", kMultan, "ملتان", "PK", 30.20, 71.47},
    Place{"Kabul", kKabul, "کابل", "AF", 34.53, 69.17},
    Place{"Jalalabad", kJalalabad, "جلال‌آباد", "AF", 34.43, 70.45},
    Place{"Kandahar", kKandahar, "کندهار", "AF", 31.61, 65.71},
    Place{"Spin Boldak", kSpinBoldak, "سپین بولدک", "AF", 31.00, 66.40},
    Place{"Herat", kHerat, "هرات", "AF", 34.35, 62.20},
    Place{"Islam Qala", kIslamQala, "اسلام قلعه", "AF", 34.66, 61.07},
    Place{"Zaranj", kZaranj, "زرنج", "AF", 30.96, 61.86},
    Place{"Kunduz", kKunduz, "کندز", "AF", 36.73, 68.86},
    Place{"Mazar-i-Sharif", kMazar, "مزار شریف", "AF", 36.71, 67.11},
    Place{"Ghazni", kGhazni, "غزنی", "AF", 33.55, 68.42},
    Place{"Lashkar Gah", kLashkarGah, "لشکرگاه", "AF", 31.59, 64.37},
    Place{"Farah", kFarah, "فراه", "AF", 32.37, 62.11},
    Place{"Zahedan", kZahedan, "زاهدان", "IR", 29.50, 60.86},
    Place{"Mirjaveh", kMirjaveh, "میرجاوه", "IR", 29.02, 61.45},
    Place{"Kerman", kKerman, "کرمان", "IR", 30.28, 57.08},
    Place{"Bandar Abbas", kBandarAbbas, "بندرعباس", "IR", 27.18, 56.27},
    Place{"Chabahar", kChabahar, "چابهار", "IR", 25.29, 60.64},
    Place{"Tehran", kTehran, "تهران", "IR", 35.69, 51.39},
    Place{"Tabriz", kTabriz, "تبریز", "IR", 38.08, 46.29},
    Place{"Urmia", kUrmia, "ارومیه", "IR", 37.55, 45.08},
    Place{"Maku", kMaku, "ماکو", "IR", 39.29, 44.52},
    Place{"Bazargan", kBazargan, "بازرگان", "IR", 39.39, 44.39},
    Place{"Isfahan", kIsfahan, "اصفهان", "IR", 32.65, 51.67},
    Place{"Mashhad", kMashhad, "مشهد", "IR", 36.30, 59.60},
    Place{"Yazd", kYazd, "یزد", "IR", 31.90, 54.37},
    Place{"Shiraz", kShiraz, "شیراز", "IR", 29.59, 52.58},
    Place{"Khoy", kKhoy, "خوی", "IR", 38.55, 44.95},
    Place{"Salmas", kSalmas, "سلماس", "IR", 38.20, 44.77},
    Place{"Iranshahr", kIranshahr, "ایرانشهر", "IR", 27.20, 60.68},
    Place{"Bam", kBam, "بم", "IR", 29.11, 58.36},
    Place{"Taybad", kTaybad, "تایباد", "IR", 34.74, 60.78},
    Place{"Saravan", kSaravan, "سراوان", "IR", 27.37, 62.33},
    Place{"Van", kVan, "Van", "TR", 38.49, 43.38},
    Place{"Dogubayazit", kDogubayazit, "Doğubayazıt", "TR", 39.55, 44.08},
    Place{"Agri", kAgri, "Ağrı", "TR", 39.72, 43.05},
    Place{"Erzurum", kErzurum, "Erzurum", "TR", 39.90, 41.27},
    Place{"Istanbul", kIstanbul, "İstanbul", "TR", 41.01, 28.98},
    Place{"Izmir", kIzmir, "İzmir", "TR", 38.42, 27.14},
    Place{"Ankara", kAnkara, "Ankara", "TR", 39.93, 32.86},
    Place{"Hakkari", kHakkari, "Hakkâri", "TR", 37.57, 43.74},
    Place{"Yuksekova", kYuksekova, "Yüksekova", "TR", 37.57, 44.28},
    Place{"Kapikoy", kKapikoy, "Kapıköy", "TR", 38.25, 44.40},
    Place{"Edirne", kEdirne, "Edirne", "TR", 41.68, 26.56},
    Place{"Ayvalik", kAyvalik, "Ayvalık", "TR", 39.32, 26.69},
    Place{"Bodrum", kBodrum, "Bodrum", "TR", 37.03, 27.43},
    Place{"Cesme", kCesme, "Çeşme", "TR", 38.32, 26.30},
    Place{"Mersin", kMersin, "Mersin", "TR", 36.81, 34.64},
    Place{"Sanliurfa", kSanliurfa, "Şanlıurfa", "TR", 37.17, 38.79},
    Place{"Gaziantep", kGaziantep, "Gaziantep", "TR", 37.07, 37.38},
    Place{"Baghdad", kBaghdad, "بغداد", "IQ", 33.32, 44.37},
    Place{"Erbil", kErbil, "هەولێر", "IQ", 36.19, 44.01},
    Place{"Sulaymaniyah", kSulaymaniyah, "سلێمانی", "IQ", 35.56, 45.44},
    Place{"Duhok", kDuhok, "دهۆک", "IQ", 36.87, 42.99},
    Place{"Mosul", kMosul, "الموصل", "IQ", 36.34, 43.13},
    Place{"Zakho", kZakho, "زاخۆ", "IQ", 37.14, 42.68},
    Place{"Basra", kBasra, "البصرة", "IQ", 30.51, 47.78},
    Place{"Kirkuk", kKirkuk, "كركوك", "IQ", 35.47, 44.39},
    Place{"Dhaka", kDhaka, "ঢাকা", "BD", 23.81, 90.41},
    Place{"Sylhet", kSylhet, "সিলেট", "BD", 24.89, 91.87},
    Place{"Chittagong", kChittagong, "চট্টগ্রাম", "BD", 22.36, 91.78},
    Place{"Cox's Bazar", kCoxsBazar, "কক্সবাজার", "BD", 21.43, 92.01},
    Place{"Benapole", kBenapole, "বেনাপোল", "BD", 23.04, 88.90},
    Place{"Comilla", kComilla, "কুমিল্লা", "BD", 23.46, 91.18},
    Place{"Dubai", kDubai, "دبي", "AE", 25.20, 55.27},
    Place{"Sharjah", kSharjah, "الشارقة", "AE", 25.35, 55.42},
    Place{"Muscat", kMuscat, "مسقط", "OM", 23.59, 58.41},
    Place{"Sohar", kSohar, "صحار", "OM", 24.35, 56.71},
    Place{"Khasab", kKhasab, "خصب", "OM", 26.18, 56.25},
    Place{"Athens", kAthens, "Αθήνα", "GR", 37.98, 23.73},
    Place{"Mytilene", kMytilene, "Μυτιλήνη", "GR", 39.11, 26.55},
    Place{"Thessaloniki", kThessaloniki, "Θεσσαλονίκη", "GR", 40.64, 22.94},
    Place{"Sofia", kSofia, "София", "BG", 42.70, 23.32},
    Place{"Belgrade", kBelgrade, "Београд", "RS", 44.79, 20.45},
};

}  // namespace

std::span<const Place> Gazetteer() { return kPlaces; }

std::optional<std::uint32_t> FindPlace(std::string_view name) {
  // Names sorted once, so the generator's per-leg lookups are a binary search.
  static const std::vector<std::pair<std::string_view, std::uint32_t>> kByName = [] {
    std::vector<std::pair<std::string_view, std::uint32_t>> index;
    for (std::uint32_t i = 0; i < kPlaces.size(); ++i) index.emplace_back(kPlaces[i].name, i);
    std::sort(index.begin(), index.end());
    return index;
  }();
  const auto it =
      std::lower_bound(kByName.begin(), kByName.end(), std::make_pair(name, std::uint32_t{0}));
  if (it == kByName.end() || it->first != name) return std::nullopt;
  return it->second;
}

double DistanceKm(const Place& a, const Place& b) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRadians = 3.14159265358979323846 / 180.0;
  const double dlat = (b.lat - a.lat) * kRadians;
  const double dlon = (b.lon - a.lon) * kRadians;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * kRadians) * std::cos(b.lat * kRadians) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace corridor
