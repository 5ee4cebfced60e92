#include "algorithms/generate/names.h"

#include <array>

namespace corridor::generate {
namespace {

constexpr Name kPakistaniMale[] = {
    {"Muhammad", "محمد", "Mohammed|Mohammad|Mohamad|Muhammed|Mohd|Md"},
    {"Ali", "علی", "Aly"},
    {"Ahmed", "احمد", "Ahmad|Ahmet"},
    {"Muhammad Akbar", "محمد اکبر", "Mohammad Akbar|Mohd Akbar|M. Akbar"},
    {"Hussain", "حسین", "Hussein|Husain|Hossain"},
    {"Hassan", "حسن", "Hasan"},
    {"Abdul Rehman", "عبدالرحمن", "Abdur Rahman|Abdul Rahman|Abdurrehman"},
    {"Bilal", "بلال", "Bilaal"},
    {"Usman", "عثمان", "Osman|Uthman"},
    {"Imran", "عمران", "Imraan"},
    {"Asif", "آصف", "Aasif|Asaf"},
    {"Tariq", "طارق", "Tarik|Tareq"},
    {"Zubair", "زبیر", "Zubayr|Zobair"},
    {"Waqas", "وقاص", "Waqqas"},
    {"Shahid", "شاہد", "Shaheed|Shahed"},
    {"Sajid", "ساجد", "Sajed"},
    {"Naveed", "نوید", "Navid|Nawid"},
    {"Kashif", "کاشف", "Kashef"},
    {"Faisal", "فیصل", "Faysal|Feisal"},
    {"Irfan", "عرفان", "Erfan"},
    {"Sher Ali", "شیر علی", "Sherali|Shir Ali"},
    {"Gul Khan", "گل خان", "Gul Khaan"},
    {"Hanif", "حنیف", "Haneef"},
    {"Rashid", "راشد", "Rasheed|Rashed"},
    {"Arshad", "ارشد", "Arshed"},
    {"Javed", "جاوید", "Javaid|Jawed"},
    {"Nadeem", "ندیم", "Nadim"},
    {"Zahid", "زاہد", "Zahed"},
    {"Khalid", "خالد", "Khaled"},
    {"Abdullah", "عبداللہ", "Abdulla|Abd Allah"},
};
constexpr Name kPakistaniFemale[] = {
    {"Fatima", "فاطمہ", "Fatimah|Fatma"}, {"Ayesha", "عائشہ", "Aisha|Aysha"},
    {"Zainab", "زینب", "Zaynab|Zenab"},   {"Bibi", "بی بی", "Bi Bi"},
    {"Nasreen", "نسرین", "Nasrin"},
};
constexpr Name kPakistaniFamily[] = {
    {"Khan", "خان", "Khaan"},
    {"Malik", "ملک", "Mallik"},
    {"Butt", "بٹ", "Bhat"},
    {"Chaudhry", "چوہدری", "Chaudhary|Choudhary|Ch."},
    {"Qureshi", "قریشی", "Qurashi|Kureshi"},
    {"Baloch", "بلوچ", "Baluch|Balouch"},
    {"Awan", "اعوان", "Awaan"},
    {"Shah", "شاہ", "Shaah"},
    {"Mughal", "مغل", "Moghal"},
    {"Abbasi", "عباسی", "Abassi"},
    {"Yousafzai", "یوسفزئی", "Yousufzai|Yusufzai"},
    {"Afridi", "آفریدی", "Afredi"},
    {"Achakzai", "اچکزئی", "Achakzay"},
    {"Kakar", "کاکڑ", "Kakkar"},
    {"Mengal", "مینگل", "Mingal"},
    {"Rind", "رند", "Rindh"},
    {"Rajput", "راجپوت", "Rajpoot"},
    {"Jatt", "جٹ", "Jat"},
};
constexpr Name kAfghanMale[] = {
    {"Mohammad", "محمد", "Muhammad|Mohammed|Mohamad|Mohd"},
    {"Abdul Wali", "عبدالولی", "Abdulwali|Abdul Walli"},
    {"Gul Agha", "گل آغا", "Gulagha|Gul Aga"},
    {"Noorullah", "نورالله", "Nurullah|Noor Ullah|Nurulla"},
    {"Zabihullah", "ذبیح‌الله", "Zabiullah|Zabiulla|Zabihulla"},
    {"Rahmatullah", "رحمت‌الله", "Rehmatullah|Rahmatulla"},
    {"Naqibullah", "نقیب‌الله", "Naqeebullah|Nakibullah"},
    {"Ahmad Shah", "احمدشاه", "Ahmadshah|Ahmed Shah"},
    {"Mirwais", "میرویس", "Mir Wais|Mirways"},
    {"Hamid", "حامد", "Hameed|Hamed"},
    {"Farid", "فرید", "Fareed"},
    {"Sayed", "سید", "Syed|Sayyed|Said"},
    {"Jawad", "جواد", "Javad"},
    {"Mustafa", "مصطفی", "Mostafa|Mustapha"},
    {"Abdul Qadir", "عبدالقادر", "Abdul Kadir|Abdulqadir|Abdul Qader"},
    {"Hekmatullah", "حکمت‌الله", "Hikmatullah|Hekmatulla"},
    {"Wahid", "وحید", "Waheed|Vahid"},
    {"Shafiq", "شفیق", "Shafeeq|Shafik"},
    {"Najib", "نجیب", "Najeeb|Nadjib"},
    {"Karim", "کریم", "Kareem"},
};
constexpr Name kAfghanFemale[] = {
    {"Fatima", "فاطمه", "Fatema|Fatimah"},
    {"Maryam", "مریم", "Mariam|Maryum"},
    {"Zarghona", "زرغونه", "Zarghuna|Zarghoona"},
    {"Gulalai", "گلالۍ", "Gulalay|Gulali"},
};
constexpr Name kAfghanFamily[] = {
    {"Ahmadzai", "احمدزی", "Ahmadzay|Ahmedzai"},
    {"Popalzai", "پوپلزی", "Popalzay"},
    {"Barakzai", "بارکزی", "Barakzay|Barekzai"},
    {"Noorzai", "نورزی", "Nurzai|Noorzay"},
    {"Hotak", "هوتک", "Hotaki"},
    {"Durrani", "درانی", "Durani"},
    {"Safi", "صافی", "Saafi"},
    {"Mohmand", "مهمند", "Momand"},
    {"Stanikzai", "ستانکزی", "Stanekzai|Stanakzai"},
    {"Rahimi", "رحیمی", "Rahemi"},
    {"Hakimi", "حکیمی", "Hakeemi"},
    {"Karimi", "کریمی", "Karemi"},
    {"Sultani", "سلطانی", "Soltani"},
    {"Amiri", "امیری", "Ameeri"},
};
constexpr Name kIranianMale[] = {
    {"Mohammad", "محمد", "Mohamad|Muhammad|Mohammed"},
    {"Ali", "علی", "Aly"},
    {"Reza", "رضا", "Riza|Raza"},
    {"Hossein", "حسین", "Hosein|Hussein|Hosain"},
    {"Mehdi", "مهدی", "Mahdi"},
    {"Amir", "امیر", "Ameer"},
    {"Hamid", "حمید", "Hameed"},
    {"Saeed", "سعید", "Said|Saeid"},
    {"Majid", "مجید", "Majeed"},
    {"Behrouz", "بهروز", "Behruz|Behrooz"},
    {"Farhad", "فرهاد", "Farhaad"},
    {"Morteza", "مرتضی", "Murtaza|Mortaza"},
    {"Javad", "جواد", "Jawad"},
    {"Abbas", "عباس", "Abas"},
    {"Davoud", "داوود", "Dawood|Dawud|Daud"},
    {"Kourosh", "کوروش", "Kurosh|Koorosh"},
};
constexpr Name kIranianFemale[] = {
    {"Zahra", "زهرا", "Zahraa"},
    {"Maryam", "مریم", "Mariam"},
    {"Fatemeh", "فاطمه", "Fatima"},
};
constexpr Name kIranianFamily[] = {
    {"Ahmadi", "احمدی", "Ahmady"},           {"Hosseini", "حسینی", "Husseini|Hoseini"},
    {"Rezaei", "رضایی", "Rezaee|Rezai"},     {"Mohammadi", "محمدی", "Muhammadi|Mohamadi"},
    {"Karimi", "کریمی", "Karemi"},           {"Moradi", "مرادی", "Muradi"},
    {"Jafari", "جعفری", "Jaafari|Djafari"},  {"Rahimi", "رحیمی", "Rahemi"},
    {"Zahedani", "زاهدانی", "Zahidani"},     {"Baluchi", "بلوچی", "Balochi"},
    {"Shahbakhsh", "شهبخش", "Shahbaksh"},    {"Rigi", "ریگی", "Reegi"},
    {"Narouei", "نارویی", "Naroui|Narooei"},
};
constexpr Name kIraqiMale[] = {
    {"Mohammed", "محمد", "Muhammad|Mohamed|Mohammad"},
    {"Ahmed", "أحمد", "Ahmad"},
    {"Ali", "علي", "Aly"},
    {"Hussein", "حسين", "Husain|Hussain"},
    {"Omar", "عمر", "Umar"},
    {"Mustafa", "مصطفى", "Mostafa|Mustapha"},
    {"Haider", "حيدر", "Haidar|Hyder"},
    {"Abbas", "عباس", "Abas"},
    {"Karrar", "كرار", "Karar"},
    {"Yasir", "ياسر", "Yasser|Yaser"},
    {"Saad", "سعد", "Sa'ad"},
    {"Mahmoud", "محمود", "Mahmood|Mahmud"},
};
constexpr Name kIraqiFemale[] = {
    {"Fatima", "فاطمة", "Fatma|Fatimah"},
    {"Zainab", "زينب", "Zaynab"},
    {"Noor", "نور", "Nour|Nur"},
};
constexpr Name kIraqiFamily[] = {
    {"al-Jubouri", "الجبوري", "Al Jubouri|Aljubouri|Jubouri|al-Jaburi"},
    {"al-Dulaimi", "الدليمي", "Al Dulaimi|Dulaimi|al-Duleimi"},
    {"al-Tamimi", "التميمي", "Al Tamimi|Tamimi"},
    {"al-Obaidi", "العبيدي", "Al Obaidi|Obaidi|al-Ubaidi"},
    {"al-Saadi", "الساعدي", "Al Saadi|Saadi"},
    {"al-Shammari", "الشمري", "Al Shammari|Shammari|al-Shamari"},
    {"al-Zubaidi", "الزبيدي", "Al Zubaidi|Zubaidi"},
};
constexpr Name kKurdishMale[] = {
    {"Karwan", "کاروان", "Karwn|Kaarwan"},
    {"Rebwar", "ڕێبوار", "Rebuar|Ribwar"},
    {"Hawre", "هاوڕێ", "Hawri|Hawrey"},
    {"Shwan", "شوان", "Shuan|Shewan"},
    {"Aras", "ئاراس", "Araz"},
    {"Dilshad", "دلشاد", "Dilshaad"},
    {"Sherwan", "شێروان", "Shirwan|Sherwan"},
    {"Azad", "ئازاد", "Azaad"},
    {"Bakhtiyar", "بەختیار", "Bakhtiar|Baxtiyar"},
    {"Hemin", "هێمن", "Hemn|Heman"},
};
constexpr Name kKurdishFemale[] = {
    {"Shilan", "شیلان", "Shelan"},
    {"Nasrin", "نەسرین", "Nasreen"},
    {"Avin", "ئاڤین", "Aveen"},
};
constexpr Name kKurdishFamily[] = {
    {"Barzani", "بارزانی", "Barzany"},           {"Talabani", "تاڵەبانی", "Talebani|Talabany"},
    {"Hawrami", "هەورامی", "Hawramy|Hawramani"}, {"Jaff", "جاف", "Jaf"},
    {"Zebari", "زێباری", "Zibari|Zebary"},       {"Doski", "دۆسکی", "Dosky"},
    {"Mizuri", "میزووری", "Mizouri|Mizury"},
};
constexpr Name kBangladeshiMale[] = {
    {"Mohammad", "মোহাম্মদ", "Md|Mohammed|Muhammad|Mohd"},
    {"Abdul", "আব্দুল", "Abdool|Abdhul"},
    {"Rahim", "রহিম", "Raheem"},
    {"Karim", "করিম", "Kareem"},
    {"Shahid", "শহীদ", "Shahed|Shohid"},
    {"Habib", "হাবিব", "Habeeb"},
    {"Jamal", "জামাল", "Jamaal"},
    {"Kamal", "কামাল", "Kamaal"},
    {"Rubel", "রুবেল", "Robel"},
    {"Sohel", "সোহেল", "Shohel|Sohail"},
    {"Masud", "মাসুদ", "Masood|Mashud"},
    {"Faruk", "ফারুক", "Farooq|Faruque"},
    {"Alamgir", "আলমগীর", "Alamgeer"},
    {"Mizanur", "মিজানুর", "Mizan|Mijanur"},
    {"Anwar", "আনোয়ার", "Anowar|Anwer"},
};
constexpr Name kBangladeshiFemale[] = {
    {"Fatema", "ফাতেমা", "Fatima"},
    {"Nasrin", "নাসরিন", "Nasreen"},
    {"Rokeya", "রোকেয়া", "Rokeia"},
};
constexpr Name kBangladeshiFamily[] = {
    {"Rahman", "রহমান", "Rehman|Rahaman"}, {"Hossain", "হোসেন", "Hussain|Hosen|Hossen"},
    {"Islam", "ইসলাম", "Eslam"},           {"Uddin", "উদ্দিন", "Udin|Ud Din"},
    {"Ahmed", "আহমেদ", "Ahmad|Ahmmed"},    {"Miah", "মিয়া", "Mia|Mian"},
    {"Sarker", "সরকার", "Sarkar|Sircar"},  {"Chowdhury", "চৌধুরী", "Chowdhuri|Choudhury"},
    {"Talukder", "তালুকদার", "Talukdar"},   {"Mollah", "মোল্লা", "Molla|Mulla"},
};

const std::array<NamePool, kOriginCount> kPools = {
    NamePool{kPakistaniMale, kPakistaniFemale, kPakistaniFamily, "PK"},
    NamePool{kAfghanMale, kAfghanFemale, kAfghanFamily, "AF"},
    NamePool{kIranianMale, kIranianFemale, kIranianFamily, "IR"},
    NamePool{kIraqiMale, kIraqiFemale, kIraqiFamily, "IQ"},
    NamePool{kKurdishMale, kKurdishFemale, kKurdishFamily, "IQ"},
    NamePool{kBangladeshiMale, kBangladeshiFemale, kBangladeshiFamily, "BD"},
};

constexpr std::string_view kHonorifics[] = {"Haji", "Mullah", "Sheikh", "Mr", "Sardar", "Ustad"};
constexpr std::string_view kEpithets[] = {"Doctor", "Lala", "Engineer", "Chacha", "Bhai",
                                          "Kaka",   "Agha", "Mama",     "Sethi",  "Commander"};

}  // namespace

const NamePool& PoolFor(Origin origin) { return kPools[static_cast<std::size_t>(origin)]; }

std::span<const std::string_view> Honorifics() { return kHonorifics; }
std::span<const std::string_view> Epithets() { return kEpithets; }

std::size_t VariantCount(const Name& name) {
  if (name.variants.empty()) return 1;
  std::size_t count = 2;
  for (const char c : name.variants) count += (c == '|');
  return count;
}

std::string_view Variant(const Name& name, std::size_t i) {
  if (i == 0) return name.latin;
  std::string_view rest = name.variants;
  for (std::size_t k = 1; k < i; ++k) {
    const auto bar = rest.find('|');
    if (bar == std::string_view::npos) return name.latin;
    rest.remove_prefix(bar + 1);
  }
  return rest.substr(0, rest.find('|'));
}

}  // namespace corridor::generate
