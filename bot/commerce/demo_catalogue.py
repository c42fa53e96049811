"""The demo shop's 60 products: handle, type, category, vendor, tags, price, options, attributes, and
the title and short description in each of the shop's languages (written by hand, not machine
translated). bot.commerce.demo turns them into the export files under data/shop/.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("en", "es", "fr", "de", "pt", "ru", "zh", "ar")


@dataclass(frozen=True)
class Item:
    handle: str
    product_type: str
    category: str
    vendor: str
    tags: str
    price: str
    texts: dict[str, tuple[str, str]]
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    # Every variant out of stock.
    sold_out: bool = False


def texts(block: str) -> dict[str, tuple[str, str]]:
    """'xx: title | description' lines -> {language: (title, description)}; every language required."""
    found: dict[str, tuple[str, str]] = {}
    for line in block.strip().splitlines():
        language, _, rest = line.strip().partition(": ")
        title, _, description = rest.partition(" | ")
        found[language] = (title.strip(), description.strip())
    missing = [lang for lang in LANGUAGES if not all(found.get(lang, ("", "")))]
    if missing:
        raise ValueError(f"missing translations: {missing} in {block[:40]!r}")
    return found


COLOR = "Color"
SIZE = "Size"
APPAREL = ("XS", "S", "M", "L", "XL")
EU_SHOES = ("38", "39", "40", "41", "42", "43", "44", "45")
EU_WOMEN = ("36", "37", "38", "39", "40", "41")

ITEMS: tuple[Item, ...] = (
    # ------------------------------------------------------------ electronics
    Item(
        "noise-cancelling-headphones",
        "Headphones",
        "Electronics > Audio > Headphones",
        "Sonora",
        "audio, bluetooth, wireless, travel",
        "149.00",
        texts("""
en: Noise-Cancelling Headphones | Over-ear Bluetooth headphones with 30 hours of battery.
es: Auriculares con cancelación de ruido | Auriculares Bluetooth de diadema con 30 horas de batería.
fr: Casque à réduction de bruit | Casque Bluetooth circum-auriculaire avec 30 heures d'autonomie.
de: Kopfhörer mit Geräuschunterdrückung | Bluetooth-Over-Ear-Kopfhörer mit 30 Stunden Akkulaufzeit.
pt: Fones de ouvido com cancelamento de ruído | Fones Bluetooth over-ear com 30 horas de bateria.
ru: Наушники с шумоподавлением | Полноразмерные Bluetooth-наушники, до 30 часов работы.
zh: 主动降噪耳机 | 头戴式蓝牙耳机，续航长达30小时。
ar: سماعات رأس بخاصية إلغاء الضوضاء | سماعات بلوتوث تغطي الأذن مع بطارية تدوم 30 ساعة.
"""),
        ((COLOR, ("Black", "Silver")),),
        {"warranty": "2 years", "material": "Aluminium and protein leather"},
    ),
    Item(
        "wireless-earbuds",
        "Headphones",
        "Electronics > Audio > Headphones",
        "Sonora",
        "audio, bluetooth, wireless",
        "59.00",
        texts("""
en: Wireless Earbuds | Compact Bluetooth earbuds with a charging case.
es: Auriculares inalámbricos | Auriculares Bluetooth compactos con estuche de carga.
fr: Écouteurs sans fil | Écouteurs Bluetooth compacts avec boîtier de charge.
de: Kabellose Ohrhörer | Kompakte Bluetooth-Ohrhörer mit Ladecase.
pt: Fones sem fio | Fones Bluetooth compactos com estojo de carregamento.
ru: Беспроводные наушники | Компактные Bluetooth-наушники с зарядным кейсом.
zh: 无线蓝牙耳机 | 小巧的蓝牙耳机，配有充电盒。
ar: سماعات أذن لاسلكية | سماعات بلوتوث صغيرة مع علبة شحن.
"""),
        ((COLOR, ("Black", "White")),),
        {"warranty": "1 year"},
    ),
    Item(
        "sport-earbuds",
        "Headphones",
        "Electronics > Audio > Headphones",
        "Sonora",
        "audio, bluetooth, sport, running",
        "39.00",
        texts("""
en: Sport Earbuds | Sweat-resistant earbuds that stay put while you run.
es: Auriculares deportivos | Resistentes al sudor y no se mueven mientras corres.
fr: Écouteurs de sport | Résistants à la transpiration, ils tiennent bien pendant la course.
de: Sport-Ohrhörer | Schweißresistent und sitzen auch beim Laufen fest.
pt: Fones esportivos | Resistentes ao suor e firmes durante a corrida.
ru: Спортивные наушники | Влагостойкие наушники, которые не выпадают во время бега.
zh: 运动耳机 | 防汗设计，跑步时也不易脱落。
ar: سماعات رياضية | مقاومة للعرق وثابتة في الأذن أثناء الجري.
"""),
        ((COLOR, ("Black", "Blue")),),
        {"warranty": "1 year"},
        sold_out=True,
    ),
    Item(
        "portable-bluetooth-speaker",
        "Speaker",
        "Electronics > Audio > Speakers",
        "Sonora",
        "audio, bluetooth, waterproof, outdoor",
        "69.00",
        texts("""
en: Portable Bluetooth Speaker | Waterproof speaker with deep bass for the beach or the park.
es: Altavoz Bluetooth portátil | Altavoz resistente al agua con graves profundos para la playa o el parque.
fr: Enceinte Bluetooth portable | Enceinte étanche aux basses profondes, pour la plage ou le parc.
de: Tragbarer Bluetooth-Lautsprecher | Wasserdichter Lautsprecher mit kräftigem Bass für Strand und Park.
pt: Caixa de som Bluetooth portátil | Caixa à prova d'água com graves profundos para a praia ou o parque.
ru: Портативная Bluetooth-колонка | Водонепроницаемая колонка с глубоким басом для пляжа и парка.
zh: 便携蓝牙音箱 | 防水音箱，低音浑厚，适合海滩和公园。
ar: مكبر صوت بلوتوث محمول | مكبر صوت مقاوم للماء بصوت جهير عميق للشاطئ أو الحديقة.
"""),
        ((COLOR, ("Black", "Red", "Teal")),),
        {"warranty": "2 years"},
    ),
    Item(
        "smart-home-speaker",
        "Speaker",
        "Electronics > Audio > Speakers",
        "Sonora",
        "audio, smart home, wifi",
        "99.00",
        texts("""
en: Smart Home Speaker | Voice-controlled speaker with rich, room-filling sound.
es: Altavoz inteligente | Altavoz con control por voz y un sonido envolvente que llena la habitación.
fr: Enceinte connectée | Enceinte à commande vocale au son riche qui remplit la pièce.
de: Smarter Lautsprecher | Sprachgesteuerter Lautsprecher mit vollem, raumfüllendem Klang.
pt: Caixa de som inteligente | Caixa com controle por voz e som rico que enche o ambiente.
ru: Умная колонка | Колонка с голосовым управлением и насыщенным звуком на всю комнату.
zh: 智能音箱 | 支持语音控制，音质饱满，声音充满整个房间。
ar: مكبر صوت ذكي | مكبر صوت يعمل بالأوامر الصوتية بصوت غني يملأ الغرفة.
"""),
        ((COLOR, ("Charcoal", "Sand")),),
        {"warranty": "2 years"},
    ),
    Item(
        "power-bank-20000",
        "Charger",
        "Electronics > Electronics Accessories > Power > Power Banks",
        "Voltix",
        "charging, usb-c, travel, phone",
        "35.00",
        texts("""
en: Power Bank 20,000 mAh | Charges a phone up to five times, with USB-C fast charging.
es: Batería externa 20.000 mAh | Carga un móvil hasta cinco veces, con carga rápida USB-C.
fr: Batterie externe 20 000 mAh | Recharge un téléphone jusqu'à cinq fois, charge rapide USB-C.
de: Powerbank 20.000 mAh | Lädt ein Handy bis zu fünfmal, mit USB-C-Schnellladung.
pt: Carregador portátil 20.000 mAh | Carrega um celular até cinco vezes, com carga rápida USB-C.
ru: Внешний аккумулятор 20 000 мА·ч | Заряжает телефон до пяти раз, быстрая зарядка по USB-C.
zh: 20000毫安充电宝 | 可为手机充电多达五次，支持USB-C快充。
ar: شاحن متنقل 20000 مللي أمبير | يشحن الهاتف حتى خمس مرات مع شحن سريع عبر USB-C.
"""),
        attributes={"warranty": "1 year"},
    ),
    Item(
        "wireless-charging-pad",
        "Charger",
        "Electronics > Electronics Accessories > Power > Chargers",
        "Voltix",
        "charging, qi, wireless, phone",
        "25.00",
        texts("""
en: Wireless Charging Pad | Qi charging pad for phones and earbuds.
es: Base de carga inalámbrica | Base de carga Qi para móviles y auriculares.
fr: Chargeur à induction | Socle de charge Qi pour téléphones et écouteurs.
de: Kabellose Ladestation | Qi-Ladepad für Smartphones und Ohrhörer.
pt: Base de carregamento sem fio | Base de carregamento Qi para celulares e fones.
ru: Беспроводная зарядка | Зарядная панель Qi для телефонов и наушников.
zh: 无线充电板 | 支持Qi标准，可为手机和耳机充电。
ar: قاعدة شحن لاسلكية | قاعدة شحن بتقنية Qi للهواتف والسماعات.
"""),
        attributes={"warranty": "1 year"},
    ),
    Item(
        "usb-c-wall-charger-65w",
        "Charger",
        "Electronics > Electronics Accessories > Power > Chargers",
        "Voltix",
        "charging, usb-c, laptop",
        "45.00",
        texts("""
en: 65 W USB-C Wall Charger | Charges a laptop, a tablet and a phone at once.
es: Cargador de pared USB-C de 65 W | Carga a la vez un portátil, una tableta y un móvil.
fr: Chargeur secteur USB-C 65 W | Recharge en même temps un ordinateur portable, une tablette et un téléphone.
de: 65-W-USB-C-Ladegerät | Lädt Laptop, Tablet und Handy gleichzeitig.
pt: Carregador de parede USB-C 65 W | Carrega ao mesmo tempo um notebook, um tablet e um celular.
ru: Сетевое зарядное устройство USB-C 65 Вт | Заряжает ноутбук, планшет и телефон одновременно.
zh: 65W USB-C充电器 | 可同时为笔记本电脑、平板和手机充电。
ar: شاحن حائط USB-C بقدرة 65 واط | يشحن الحاسوب المحمول والجهاز اللوحي والهاتف في آن واحد.
"""),
        (("Plug", ("EU", "UK", "US")),),
        {"warranty": "2 years"},
    ),
    Item(
        "mechanical-keyboard",
        "Keyboard",
        "Electronics > Electronics Accessories > Computer Components > Input Devices > Keyboards",
        "Keyforge",
        "computer, keyboard, office, gaming",
        "89.00",
        texts("""
en: Mechanical Keyboard | Compact keyboard with quiet switches and backlighting.
es: Teclado mecánico | Teclado compacto con interruptores silenciosos y retroiluminación.
fr: Clavier mécanique | Clavier compact aux touches silencieuses et rétroéclairé.
de: Mechanische Tastatur | Kompakte Tastatur mit leisen Schaltern und Hintergrundbeleuchtung.
pt: Teclado mecânico | Teclado compacto com switches silenciosos e retroiluminação.
ru: Механическая клавиатура | Компактная клавиатура с тихими переключателями и подсветкой.
zh: 机械键盘 | 紧凑型键盘，静音轴体，带背光。
ar: لوحة مفاتيح ميكانيكية | لوحة مفاتيح صغيرة بمفاتيح هادئة وإضاءة خلفية.
"""),
        (("Layout", ("US", "UK", "DE", "ES", "FR")),),
        {"warranty": "2 years"},
    ),
    # ------------------------------------------------------------ fashion
    Item(
        "organic-cotton-t-shirt",
        "T-Shirt",
        "Apparel & Accessories > Clothing > Shirts & Tops",
        "Nordweave",
        "clothing, cotton, organic, basics",
        "25.00",
        texts("""
en: Organic Cotton T-Shirt | Soft crew-neck T-shirt in organic cotton.
es: Camiseta de algodón orgánico | Camiseta suave de cuello redondo en algodón orgánico.
fr: T-shirt en coton bio | T-shirt col rond tout doux en coton biologique.
de: T-Shirt aus Bio-Baumwolle | Weiches T-Shirt mit Rundhalsausschnitt aus Bio-Baumwolle.
pt: Camiseta de algodão orgânico | Camiseta macia de gola redonda em algodão orgânico.
ru: Футболка из органического хлопка | Мягкая футболка с круглым вырезом из органического хлопка.
zh: 有机棉T恤 | 柔软圆领T恤，采用有机棉制成。
ar: تيشيرت من القطن العضوي | تيشيرت ناعم بياقة دائرية من القطن العضوي.
"""),
        ((SIZE, APPAREL), (COLOR, ("White", "Black", "Navy"))),
        {"material": "100% organic cotton"},
    ),
    Item(
        "linen-shirt",
        "Shirt",
        "Apparel & Accessories > Clothing > Shirts & Tops",
        "Nordweave",
        "clothing, linen, summer",
        "49.00",
        texts("""
en: Linen Shirt | Breathable linen shirt for warm days.
es: Camisa de lino | Camisa de lino transpirable para los días de calor.
fr: Chemise en lin | Chemise en lin respirante pour les journées chaudes.
de: Leinenhemd | Atmungsaktives Leinenhemd für warme Tage.
pt: Camisa de linho | Camisa de linho respirável para os dias quentes.
ru: Льняная рубашка | Дышащая льняная рубашка для жарких дней.
zh: 亚麻衬衫 | 透气亚麻衬衫，适合炎热天气。
ar: قميص كتان | قميص من الكتان يسمح بمرور الهواء للأيام الحارة.
"""),
        ((SIZE, ("S", "M", "L", "XL")), (COLOR, ("White", "Sky Blue"))),
        {"material": "100% linen"},
    ),
    Item(
        "slim-fit-jeans",
        "Jeans",
        "Apparel & Accessories > Clothing > Pants > Jeans",
        "Nordweave",
        "clothing, denim, jeans",
        "69.00",
        texts("""
en: Slim-Fit Jeans | Stretch denim jeans with a slim cut.
es: Vaqueros slim | Vaqueros de denim elástico con corte ajustado.
fr: Jean slim | Jean en denim stretch à la coupe ajustée.
de: Slim-Fit-Jeans | Jeans aus Stretch-Denim mit schmalem Schnitt.
pt: Calça jeans slim | Jeans de denim com elastano e corte ajustado.
ru: Джинсы слим | Джинсы из эластичного денима зауженного кроя.
zh: 修身牛仔裤 | 弹力牛仔布，修身剪裁。
ar: بنطال جينز ضيق | جينز من قماش الدنيم المرن بقصة ضيقة.
"""),
        ((SIZE, ("28", "30", "32", "34", "36")), (COLOR, ("Indigo", "Black"))),
        {"material": "98% cotton, 2% elastane"},
    ),
    Item(
        "floral-wrap-dress",
        "Dress",
        "Apparel & Accessories > Clothing > Dresses",
        "Atelier Mar",
        "clothing, dress, summer, floral",
        "79.00",
        texts("""
en: Floral Wrap Dress | Light midi dress with a flattering wrap waist.
es: Vestido cruzado de flores | Vestido midi ligero con cintura cruzada que favorece.
fr: Robe portefeuille fleurie | Robe midi légère à la taille croisée flatteuse.
de: Wickelkleid mit Blumenmuster | Leichtes Midikleid mit schmeichelnder Wickeltaille.
pt: Vestido transpassado floral | Vestido midi leve com cintura transpassada que valoriza.
ru: Платье на запах с цветочным принтом | Лёгкое платье миди с эффектной талией на запах.
zh: 碎花裹身裙 | 轻盈中长裙，裹身腰线修饰身形。
ar: فستان ملفوف بنقشة الزهور | فستان ميدي خفيف بخصر ملفوف يبرز القوام.
"""),
        ((SIZE, ("XS", "S", "M", "L")),),
        {"material": "100% viscose"},
    ),
    Item(
        "little-black-dress",
        "Dress",
        "Apparel & Accessories > Clothing > Dresses",
        "Atelier Mar",
        "clothing, dress, evening",
        "95.00",
        texts("""
en: Little Black Dress | Timeless knee-length dress for any evening.
es: Vestido negro | Vestido atemporal hasta la rodilla para cualquier noche.
fr: Petite robe noire | Robe intemporelle à hauteur du genou pour toutes vos soirées.
de: Kleines Schwarzes | Zeitloses knielanges Kleid für jeden Abend.
pt: Pretinho básico | Vestido atemporal na altura do joelho para qualquer noite.
ru: Маленькое чёрное платье | Платье длиной до колена на любой вечер, вне времени.
zh: 经典小黑裙 | 永不过时的及膝连衣裙，适合各种晚间场合。
ar: الفستان الأسود القصير | فستان كلاسيكي بطول الركبة يناسب كل سهرة.
"""),
        ((SIZE, ("XS", "S", "M", "L")),),
        {"material": "Crêpe, 95% polyester, 5% elastane"},
    ),
    Item(
        "wool-blend-coat",
        "Coat",
        "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets",
        "Atelier Mar",
        "clothing, winter, wool, outerwear",
        "189.00",
        texts("""
en: Wool Blend Coat | Warm tailored coat with a classic collar.
es: Abrigo de mezcla de lana | Abrigo entallado y cálido con cuello clásico.
fr: Manteau en laine mélangée | Manteau chaud et cintré au col classique.
de: Mantel aus Wollmischung | Warmer, taillierter Mantel mit klassischem Kragen.
pt: Casaco de lã mista | Casaco quente e acinturado com gola clássica.
ru: Пальто из смесовой шерсти | Тёплое приталенное пальто с классическим воротником.
zh: 羊毛混纺大衣 | 保暖修身大衣，经典翻领设计。
ar: معطف من مزيج الصوف | معطف دافئ مفصّل بياقة كلاسيكية.
"""),
        ((SIZE, ("S", "M", "L", "XL")), (COLOR, ("Camel", "Black"))),
        {"material": "70% wool, 30% polyamide"},
    ),
    Item(
        "denim-jacket",
        "Coat",
        "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets",
        "Nordweave",
        "clothing, denim, outerwear",
        "79.00",
        texts("""
en: Denim Jacket | Classic washed denim jacket.
es: Chaqueta vaquera | Chaqueta clásica de denim lavado.
fr: Veste en jean | Veste classique en denim délavé.
de: Jeansjacke | Klassische Jacke aus gewaschenem Denim.
pt: Jaqueta jeans | Jaqueta clássica de jeans lavado.
ru: Джинсовая куртка | Классическая куртка из потёртого денима.
zh: 牛仔夹克 | 经典水洗牛仔夹克。
ar: جاكيت جينز | جاكيت كلاسيكي من الدنيم المغسول.
"""),
        ((SIZE, ("S", "M", "L", "XL")),),
        {"material": "100% cotton denim"},
    ),
    Item(
        "fleece-hoodie",
        "Hoodie",
        "Apparel & Accessories > Clothing > Activewear > Sweatshirts",
        "Nordweave",
        "clothing, hoodie, casual",
        "45.00",
        texts("""
en: Fleece Hoodie | Cosy hoodie with a kangaroo pocket.
es: Sudadera con capucha | Sudadera de forro polar muy cómoda con bolsillo canguro.
fr: Sweat à capuche en molleton | Sweat douillet avec poche kangourou.
de: Fleece-Kapuzenpullover | Kuscheliger Hoodie mit Kängurutasche.
pt: Moletom com capuz | Moletom aconchegante com bolso canguru.
ru: Флисовое худи | Уютное худи с карманом-кенгуру.
zh: 抓绒连帽衫 | 舒适保暖，带袋鼠口袋。
ar: هودي من الفليس | هودي مريح بجيب أمامي كبير.
"""),
        ((SIZE, ("XS", "S", "M", "L", "XL", "XXL")), (COLOR, ("Grey", "Black"))),
        {"material": "80% cotton, 20% polyester"},
    ),
    Item(
        "silk-scarf",
        "Scarf",
        "Apparel & Accessories > Clothing Accessories > Scarves & Shawls",
        "Maison Lune",
        "accessories, silk, gift",
        "59.00",
        texts("""
en: Silk Scarf | Hand-rolled pure silk scarf, 90 × 90 cm.
es: Pañuelo de seda | Pañuelo de seda pura con bordes enrollados a mano, 90 × 90 cm.
fr: Carré de soie | Foulard en pure soie roulotté main, 90 × 90 cm.
de: Seidentuch | Tuch aus reiner Seide mit handrollierten Kanten, 90 × 90 cm.
pt: Lenço de seda | Lenço de seda pura com bainha enrolada à mão, 90 × 90 cm.
ru: Шёлковый платок | Платок из натурального шёлка с ручной подрубкой, 90 × 90 см.
zh: 真丝方巾 | 100%真丝，手工卷边，90×90厘米。
ar: وشاح حريري | وشاح من الحرير الخالص بحواف ملفوفة يدويًا، 90 × 90 سم.
"""),
        (("Pattern", ("Paisley", "Geometric")),),
        {"material": "100% mulberry silk"},
    ),
    # ------------------------------------------------------------ bags
    Item(
        "leather-tote-bag",
        "Handbag",
        "Apparel & Accessories > Handbags, Wallets & Cases > Handbags",
        "Cuoio Firenze",
        "bags, leather, work",
        "159.00",
        texts("""
en: Leather Tote Bag | Roomy full-grain leather tote with an inner zip pocket.
es: Bolso tote de piel | Tote amplio de piel plena flor con bolsillo interior con cremallera.
fr: Sac cabas en cuir | Grand cabas en cuir pleine fleur avec poche intérieure zippée.
de: Leder-Shopper | Geräumiger Shopper aus Vollnarbenleder mit Reißverschlussinnentasche.
pt: Bolsa tote de couro | Tote espaçosa em couro legítimo com bolso interno com zíper.
ru: Кожаная сумка-тоут | Вместительная сумка из натуральной кожи с внутренним карманом на молнии.
zh: 真皮托特包 | 头层牛皮大容量托特包，内置拉链袋。
ar: حقيبة توت جلدية | حقيبة واسعة من الجلد الطبيعي مع جيب داخلي بسحّاب.
"""),
        ((COLOR, ("Black", "Tan")),),
        {"material": "Full-grain Italian leather", "warranty": "2 years"},
    ),
    Item(
        "crossbody-bag",
        "Handbag",
        "Apparel & Accessories > Handbags, Wallets & Cases > Handbags",
        "Cuoio Firenze",
        "bags, leather, everyday",
        "89.00",
        texts("""
en: Crossbody Bag | Small bag with an adjustable strap for everyday essentials.
es: Bolso bandolera | Bolso pequeño con correa ajustable para lo imprescindible.
fr: Sac bandoulière | Petit sac à bandoulière réglable pour l'essentiel du quotidien.
de: Umhängetasche | Kleine Tasche mit verstellbarem Riemen für das Nötigste.
pt: Bolsa transversal | Bolsa pequena com alça ajustável para o essencial do dia a dia.
ru: Сумка через плечо | Небольшая сумка с регулируемым ремнём для самого необходимого.
zh: 斜挎包 | 小巧斜挎包，肩带可调节，装下日常必需品。
ar: حقيبة كروس | حقيبة صغيرة بحزام قابل للتعديل لأغراضك اليومية.
"""),
        ((COLOR, ("Black", "Burgundy", "Beige")),),
        {"material": "Calf leather"},
    ),
    Item(
        "quilted-shoulder-bag",
        "Handbag",
        "Apparel & Accessories > Handbags, Wallets & Cases > Handbags",
        "Maison Lune",
        "bags, luxury, leather, evening",
        "1290.00",
        texts("""
en: Quilted Shoulder Bag | Quilted lambskin bag with a chain strap and a certificate of authenticity.
es: Bolso de hombro acolchado | Bolso de piel de cordero acolchada con cadena y certificado de autenticidad.
fr: Sac matelassé à chaîne | Sac en cuir d'agneau matelassé avec chaîne et certificat d'authenticité.
de: Gesteppte Schultertasche | Gesteppte Tasche aus Lammleder mit Kettenriemen und Echtheitszertifikat.
pt: Bolsa de ombro matelassê | Bolsa de couro de cordeiro matelassê com alça de corrente e certificado de autenticidade.
ru: Стёганая сумка на цепочке | Стёганая сумка из кожи ягнёнка на цепочке с сертификатом подлинности.
zh: 菱格链条肩包 | 小羊皮菱格包，配链条肩带及真品证书。
ar: حقيبة كتف مبطنة | حقيبة من جلد الحمل المبطن بحزام سلسلة مع شهادة أصالة.
"""),
        ((COLOR, ("Black", "Ivory")),),
        {
            "material": "Lambskin, gold-tone chain",
            "authenticity_certificate": "Yes, numbered certificate in the box",
            "warranty": "2 years",
        },
    ),
    Item(
        "laptop-backpack",
        "Backpack",
        "Luggage & Bags > Backpacks",
        "Stride Lab",
        "bags, backpack, laptop, travel",
        "79.00",
        texts("""
en: Laptop Backpack | Water-repellent backpack with a padded 15-inch laptop sleeve.
es: Mochila para portátil | Mochila repelente al agua con funda acolchada para portátil de 15 pulgadas.
fr: Sac à dos pour ordinateur | Sac à dos déperlant avec compartiment rembourré pour ordinateur 15 pouces.
de: Laptop-Rucksack | Wasserabweisender Rucksack mit gepolstertem Fach für 15-Zoll-Laptops.
pt: Mochila para notebook | Mochila repelente à água com compartimento acolchoado para notebook de 15 polegadas.
ru: Рюкзак для ноутбука | Водоотталкивающий рюкзак с мягким отделением для ноутбука 15 дюймов.
zh: 电脑双肩包 | 防泼水背包，带15英寸笔记本电脑软垫隔层。
ar: حقيبة ظهر للحاسوب المحمول | حقيبة ظهر مقاومة للماء مع جيب مبطن لحاسوب 15 بوصة.
"""),
        ((COLOR, ("Grey", "Black")),),
        {"material": "Recycled polyester", "warranty": "3 years"},
    ),
    Item(
        "weekender-duffel-bag",
        "Travel Bag",
        "Luggage & Bags > Duffel Bags",
        "Cuoio Firenze",
        "bags, travel, canvas, leather",
        "129.00",
        texts("""
en: Weekender Duffel Bag | Canvas and leather bag sized for a weekend away.
es: Bolsa de viaje de fin de semana | Bolsa de lona y piel con el tamaño justo para una escapada.
fr: Sac week-end | Sac en toile et cuir à la bonne taille pour un week-end.
de: Weekender-Reisetasche | Tasche aus Canvas und Leder, ideal für ein Wochenende.
pt: Bolsa de viagem de fim de semana | Bolsa de lona e couro do tamanho ideal para um fim de semana.
ru: Дорожная сумка выходного дня | Сумка из канваса и кожи для поездки на выходные.
zh: 周末旅行袋 | 帆布拼皮革，容量刚好适合周末短途旅行。
ar: حقيبة سفر لعطلة نهاية الأسبوع | حقيبة من القماش والجلد بحجم مناسب لرحلة قصيرة.
"""),
        ((COLOR, ("Olive", "Navy")),),
        {"material": "Waxed canvas and leather"},
    ),
    Item(
        "carry-on-suitcase",
        "Travel Bag",
        "Luggage & Bags > Suitcases",
        "Stride Lab",
        "bags, travel, luggage, cabin",
        "179.00",
        texts("""
en: Carry-On Suitcase | Light hard-shell cabin suitcase with four spinner wheels.
es: Maleta de cabina | Maleta rígida y ligera con cuatro ruedas giratorias.
fr: Valise cabine | Valise cabine rigide et légère à quatre roues pivotantes.
de: Handgepäckkoffer | Leichter Hartschalenkoffer mit vier drehbaren Rollen.
pt: Mala de bordo | Mala rígida e leve com quatro rodinhas giratórias.
ru: Чемодан для ручной клади | Лёгкий жёсткий чемодан на четырёх поворотных колёсах.
zh: 登机箱 | 轻便硬壳登机箱，四个万向轮。
ar: حقيبة سفر للمقصورة | حقيبة خفيفة بهيكل صلب وأربع عجلات دوارة.
"""),
        ((COLOR, ("Graphite", "Silver", "Coral")),),
        {"material": "Polycarbonate", "warranty": "5 years"},
    ),
    Item(
        "leather-wallet",
        "Wallet",
        "Apparel & Accessories > Handbags, Wallets & Cases > Wallets & Money Clips",
        "Cuoio Firenze",
        "leather, wallet, gift",
        "45.00",
        texts("""
en: Leather Wallet | Slim bifold wallet with RFID protection.
es: Cartera de piel | Cartera fina plegable con protección RFID.
fr: Portefeuille en cuir | Portefeuille fin à deux volets avec protection RFID.
de: Lederbörse | Schlanke Klappbörse mit RFID-Schutz.
pt: Carteira de couro | Carteira fina dobrável com proteção RFID.
ru: Кожаный бумажник | Тонкий бумажник-книжка с защитой RFID.
zh: 真皮钱包 | 轻薄对折钱包，带RFID防盗刷。
ar: محفظة جلدية | محفظة رفيعة قابلة للطي مع حماية RFID.
"""),
        ((COLOR, ("Black", "Brown")),),
        {"material": "Vegetable-tanned leather"},
    ),
    Item(
        "card-holder",
        "Wallet",
        "Apparel & Accessories > Handbags, Wallets & Cases > Wallets & Money Clips",
        "Cuoio Firenze",
        "leather, wallet, minimal",
        "25.00",
        texts("""
en: Card Holder | Minimal holder for six cards.
es: Tarjetero | Tarjetero minimalista para seis tarjetas.
fr: Porte-cartes | Porte-cartes minimaliste pour six cartes.
de: Kartenetui | Minimalistisches Etui für sechs Karten.
pt: Porta-cartões | Porta-cartões minimalista para seis cartões.
ru: Картхолдер | Минималистичный держатель на шесть карт.
zh: 卡包 | 极简卡包，可放六张卡。
ar: حافظة بطاقات | حافظة بسيطة تتسع لست بطاقات.
"""),
        attributes={"material": "Vegetable-tanned leather"},
    ),
    # ------------------------------------------------------------ watches
    Item(
        "classic-automatic-watch",
        "Watch",
        "Apparel & Accessories > Jewelry > Watches",
        "Helvetia Time",
        "watches, automatic, leather",
        "349.00",
        texts("""
en: Classic Automatic Watch | Self-winding watch with sapphire crystal and a leather strap.
es: Reloj automático clásico | Reloj de carga automática con cristal de zafiro y correa de piel.
fr: Montre automatique classique | Montre à remontage automatique, verre saphir et bracelet en cuir.
de: Klassische Automatikuhr | Uhr mit Automatikwerk, Saphirglas und Lederarmband.
pt: Relógio automático clássico | Relógio de corda automática com cristal de safira e pulseira de couro.
ru: Классические механические часы | Часы с автоподзаводом, сапфировым стеклом и кожаным ремешком.
zh: 经典自动机械表 | 自动上链，蓝宝石镜面，真皮表带。
ar: ساعة أوتوماتيكية كلاسيكية | ساعة ذاتية التعبئة بزجاج من الياقوت وسوار جلدي.
"""),
        (("Strap", ("Brown", "Black")),),
        {"material": "Stainless steel, sapphire crystal", "warranty": "2 years"},
    ),
    Item(
        "diver-watch-200m",
        "Watch",
        "Apparel & Accessories > Jewelry > Watches",
        "Tidewater",
        "watches, diving, steel, waterproof",
        "429.00",
        texts("""
en: Diver Watch 200 m | Steel dive watch, water-resistant to 200 metres.
es: Reloj de buceo 200 m | Reloj de buceo de acero, sumergible hasta 200 metros.
fr: Montre de plongée 200 m | Montre de plongée en acier, étanche jusqu'à 200 mètres.
de: Taucheruhr 200 m | Taucheruhr aus Edelstahl, wasserdicht bis 200 Meter.
pt: Relógio de mergulho 200 m | Relógio de mergulho em aço, resistente à água até 200 metros.
ru: Часы для дайвинга 200 м | Стальные часы для погружений, водонепроницаемые до 200 метров.
zh: 200米潜水表 | 精钢潜水表，防水深度200米。
ar: ساعة غوص 200 م | ساعة غوص من الفولاذ مقاومة للماء حتى عمق 200 متر.
"""),
        (("Dial", ("Black", "Blue")),),
        {"material": "316L stainless steel", "warranty": "3 years"},
        sold_out=True,
    ),
    Item(
        "steel-chronograph",
        "Watch",
        "Apparel & Accessories > Jewelry > Watches",
        "Tidewater",
        "watches, chronograph, steel",
        "299.00",
        texts("""
en: Steel Chronograph | Chronograph with a stopwatch and a tachymeter bezel.
es: Cronógrafo de acero | Cronógrafo con cronómetro y bisel taquimétrico.
fr: Chronographe en acier | Chronographe avec fonction chrono et lunette tachymètre.
de: Edelstahl-Chronograph | Chronograph mit Stoppfunktion und Tachymeterlünette.
pt: Cronógrafo de aço | Cronógrafo com cronômetro e luneta taquimétrica.
ru: Стальной хронограф | Хронограф с секундомером и тахиметрической шкалой.
zh: 精钢计时码表 | 带秒表功能和测速外圈。
ar: ساعة كرونوغراف فولاذية | كرونوغراف بساعة إيقاف وإطار لقياس السرعة.
"""),
        attributes={"material": "Stainless steel", "warranty": "2 years"},
    ),
    Item(
        "minimalist-watch",
        "Watch",
        "Apparel & Accessories > Jewelry > Watches",
        "Helvetia Time",
        "watches, quartz, minimal",
        "129.00",
        texts("""
en: Minimalist Watch | Slim quartz watch with a clean dial.
es: Reloj minimalista | Reloj de cuarzo fino con esfera limpia.
fr: Montre minimaliste | Montre à quartz fine au cadran épuré.
de: Minimalistische Uhr | Flache Quarzuhr mit klarem Zifferblatt.
pt: Relógio minimalista | Relógio de quartzo fino com mostrador limpo.
ru: Минималистичные часы | Тонкие кварцевые часы с лаконичным циферблатом.
zh: 极简腕表 | 纤薄石英表，表盘简洁。
ar: ساعة بسيطة التصميم | ساعة كوارتز رفيعة بميناء أنيق وبسيط.
"""),
        (("Case", ("36 mm", "40 mm")), (COLOR, ("Silver", "Gold"))),
        {"warranty": "2 years"},
    ),
    Item(
        "fitness-smartwatch",
        "Watch",
        "Electronics > Wearable Technology > Smart Watches",
        "Voltix",
        "watches, smartwatch, fitness, sport",
        "199.00",
        texts("""
en: Fitness Smartwatch | Tracks heart rate, sleep and workouts, with a 7-day battery.
es: Reloj inteligente deportivo | Mide el pulso, el sueño y los entrenamientos; batería de 7 días.
fr: Montre connectée fitness | Suit le rythme cardiaque, le sommeil et les séances ; 7 jours d'autonomie.
de: Fitness-Smartwatch | Misst Puls, Schlaf und Training, mit 7 Tagen Akkulaufzeit.
pt: Smartwatch fitness | Monitora batimentos, sono e treinos; bateria de 7 dias.
ru: Фитнес-смарт-часы | Отслеживают пульс, сон и тренировки; до 7 дней без подзарядки.
zh: 运动智能手表 | 监测心率、睡眠和运动，续航7天。
ar: ساعة ذكية للياقة البدنية | تتابع نبض القلب والنوم والتمارين، وبطاريتها تدوم 7 أيام.
"""),
        ((COLOR, ("Black", "Rose Gold")),),
        {"warranty": "2 years"},
    ),
    Item(
        "kids-watch",
        "Watch",
        "Apparel & Accessories > Jewelry > Watches",
        "Helvetia Time",
        "watches, kids, gift",
        "35.00",
        texts("""
en: Kids' Watch | Colourful, easy-to-read watch for children.
es: Reloj infantil | Reloj colorido y fácil de leer para niños.
fr: Montre pour enfant | Montre colorée et facile à lire pour les enfants.
de: Kinderuhr | Bunte, leicht ablesbare Uhr für Kinder.
pt: Relógio infantil | Relógio colorido e fácil de ler para crianças.
ru: Детские часы | Яркие часы с понятным циферблатом для детей.
zh: 儿童手表 | 色彩缤纷，表盘清晰易读。
ar: ساعة أطفال | ساعة ملونة وسهلة القراءة للأطفال.
"""),
        ((COLOR, ("Yellow", "Green", "Pink")),),
    ),
    Item(
        "gold-dress-watch",
        "Watch",
        "Apparel & Accessories > Jewelry > Watches",
        "Helvetia Time",
        "watches, luxury, gold, swiss",
        "4900.00",
        texts("""
en: 18k Gold Dress Watch | Swiss-made dress watch in 18-carat gold with a certificate of authenticity.
es: Reloj de vestir de oro de 18 k | Reloj suizo de oro de 18 quilates con certificado de autenticidad.
fr: Montre habillée en or 18 carats | Montre suisse en or 18 carats avec certificat d'authenticité.
de: Elegante Uhr aus 18 Karat Gold | Schweizer Uhr aus 18-Karat-Gold mit Echtheitszertifikat.
pt: Relógio social de ouro 18 k | Relógio suíço em ouro 18 quilates com certificado de autenticidade.
ru: Классические часы из золота 750 пробы | Швейцарские часы из 18-каратного золота с сертификатом подлинности.
zh: 18K金正装腕表 | 瑞士制造，18K金表壳，附真品证书。
ar: ساعة رسمية من ذهب عيار 18 | ساعة سويسرية الصنع من ذهب عيار 18 مع شهادة أصالة.
"""),
        attributes={
            "material": "18k yellow gold, alligator strap",
            "authenticity_certificate": "Yes, Swiss certificate with serial number",
            "warranty": "5 years",
        },
    ),
    Item(
        "leather-watch-strap",
        "Watch Accessory",
        "Apparel & Accessories > Jewelry > Watch Accessories > Watch Bands",
        "Helvetia Time",
        "watches, strap, leather",
        "29.00",
        texts("""
en: Leather Watch Strap | Replacement strap in Italian leather, 20 mm.
es: Correa de reloj de piel | Correa de recambio en piel italiana, 20 mm.
fr: Bracelet de montre en cuir | Bracelet de rechange en cuir italien, 20 mm.
de: Uhrenarmband aus Leder | Ersatzarmband aus italienischem Leder, 20 mm.
pt: Pulseira de relógio de couro | Pulseira de reposição em couro italiano, 20 mm.
ru: Кожаный ремешок для часов | Сменный ремешок из итальянской кожи, 20 мм.
zh: 真皮表带 | 意大利皮革替换表带，宽20毫米。
ar: سوار ساعة جلدي | سوار بديل من الجلد الإيطالي، عرض 20 مم.
"""),
        ((COLOR, ("Brown", "Black", "Blue")),),
        {"material": "Italian calf leather"},
    ),
    # ------------------------------------------------------------ cosmetics
    Item(
        "hyaluronic-acid-serum",
        "Skincare",
        "Health & Beauty > Personal Care > Cosmetics > Skin Care",
        "Lumea Skin",
        "beauty, skincare, serum, hydrating",
        "29.00",
        texts("""
en: Hyaluronic Acid Serum | Lightweight serum that hydrates and plumps the skin.
es: Sérum de ácido hialurónico | Sérum ligero que hidrata y rellena la piel.
fr: Sérum à l'acide hyaluronique | Sérum léger qui hydrate et repulpe la peau.
de: Hyaluronsäure-Serum | Leichtes Serum, das die Haut mit Feuchtigkeit versorgt und aufpolstert.
pt: Sérum de ácido hialurônico | Sérum leve que hidrata e preenche a pele.
ru: Сыворотка с гиалуроновой кислотой | Лёгкая сыворотка, которая увлажняет кожу и делает её упругой.
zh: 玻尿酸精华液 | 质地轻盈，补水保湿，让肌肤饱满。
ar: سيروم حمض الهيالورونيك | سيروم خفيف يرطب البشرة ويمنحها امتلاءً.
"""),
        ((SIZE, ("30 ml", "50 ml")),),
    ),
    Item(
        "vitamin-c-day-cream",
        "Skincare",
        "Health & Beauty > Personal Care > Cosmetics > Skin Care",
        "Lumea Skin",
        "beauty, skincare, cream, spf",
        "34.00",
        texts("""
en: Vitamin C Day Cream | Brightening day cream with SPF 30.
es: Crema de día con vitamina C | Crema iluminadora de día con SPF 30.
fr: Crème de jour à la vitamine C | Crème de jour éclat avec SPF 30.
de: Vitamin-C-Tagescreme | Aufhellende Tagescreme mit LSF 30.
pt: Creme diurno com vitamina C | Creme iluminador para o dia com FPS 30.
ru: Дневной крем с витамином C | Крем для сияния кожи с SPF 30.
zh: 维C日霜 | 提亮肤色，含SPF 30防晒。
ar: كريم نهاري بفيتامين C | كريم نهاري يمنح البشرة إشراقًا مع عامل حماية SPF 30.
"""),
    ),
    Item(
        "sunscreen-spf-50",
        "Skincare",
        "Health & Beauty > Personal Care > Cosmetics > Skin Care > Sunscreen",
        "Lumea Skin",
        "beauty, skincare, sun, summer",
        "19.00",
        texts("""
en: Sunscreen SPF 50 | Water-resistant sun protection for face and body.
es: Protector solar SPF 50 | Protección solar resistente al agua para cara y cuerpo.
fr: Crème solaire SPF 50 | Protection solaire résistante à l'eau pour le visage et le corps.
de: Sonnencreme LSF 50 | Wasserfester Sonnenschutz für Gesicht und Körper.
pt: Protetor solar FPS 50 | Proteção solar resistente à água para rosto e corpo.
ru: Солнцезащитный крем SPF 50 | Водостойкая защита от солнца для лица и тела.
zh: SPF 50防晒霜 | 防水防晒，适用于面部和身体。
ar: واقي شمس SPF 50 | حماية من الشمس مقاومة للماء للوجه والجسم.
"""),
        ((SIZE, ("50 ml", "200 ml")),),
    ),
    Item(
        "matte-lipstick",
        "Makeup",
        "Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup",
        "Velours",
        "beauty, makeup, lips",
        "18.00",
        texts("""
en: Matte Lipstick | Long-lasting matte colour that doesn't dry the lips.
es: Barra de labios mate | Color mate de larga duración que no reseca los labios.
fr: Rouge à lèvres mat | Couleur mate longue tenue qui ne dessèche pas les lèvres.
de: Matter Lippenstift | Langanhaltende matte Farbe, die die Lippen nicht austrocknet.
pt: Batom matte | Cor matte de longa duração que não resseca os lábios.
ru: Матовая помада | Стойкий матовый цвет, который не сушит губы.
zh: 哑光口红 | 持久哑光显色，不拔干。
ar: أحمر شفاه مطفأ | لون مطفأ يدوم طويلًا دون أن يجفف الشفاه.
"""),
        (("Shade", ("Ruby", "Nude", "Coral", "Plum")),),
    ),
    Item(
        "volume-mascara",
        "Makeup",
        "Health & Beauty > Personal Care > Cosmetics > Makeup > Eye Makeup",
        "Velours",
        "beauty, makeup, eyes",
        "16.00",
        texts("""
en: Volume Mascara | Builds bold lashes without clumps.
es: Máscara de pestañas volumen | Pestañas con volumen y sin grumos.
fr: Mascara volume | Des cils intenses, sans paquets.
de: Volumen-Mascara | Für ausdrucksstarke Wimpern ohne Verklumpen.
pt: Máscara para cílios volume | Cílios volumosos sem grumos.
ru: Тушь для объёма ресниц | Выразительные ресницы без комочков.
zh: 浓密睫毛膏 | 打造浓密睫毛，不结块。
ar: ماسكارا لتكثيف الرموش | رموش كثيفة وجريئة بلا تكتل.
"""),
        sold_out=True,
    ),
    Item(
        "liquid-foundation",
        "Makeup",
        "Health & Beauty > Personal Care > Cosmetics > Makeup > Face Makeup",
        "Velours",
        "beauty, makeup, face",
        "32.00",
        texts("""
en: Liquid Foundation | Medium coverage with a natural finish.
es: Base de maquillaje fluida | Cobertura media con acabado natural.
fr: Fond de teint fluide | Couvrance moyenne au fini naturel.
de: Flüssige Foundation | Mittlere Deckkraft mit natürlichem Finish.
pt: Base líquida | Cobertura média com acabamento natural.
ru: Жидкая тональная основа | Средняя плотность покрытия и естественный финиш.
zh: 粉底液 | 中等遮瑕，妆效自然。
ar: كريم أساس سائل | تغطية متوسطة بلمسة نهائية طبيعية.
"""),
        (("Shade", ("Porcelain", "Ivory", "Beige", "Caramel", "Espresso")),),
    ),
    Item(
        "jasmine-eau-de-parfum",
        "Fragrance",
        "Health & Beauty > Personal Care > Cosmetics > Perfume & Cologne",
        "Maison Lune",
        "beauty, fragrance, perfume, gift",
        "85.00",
        texts("""
en: Jasmine Eau de Parfum | Floral fragrance with notes of jasmine and sandalwood.
es: Eau de parfum Jazmín | Fragancia floral con notas de jazmín y sándalo.
fr: Eau de parfum Jasmin | Parfum floral aux notes de jasmin et de bois de santal.
de: Eau de Parfum Jasmin | Blumiger Duft mit Noten von Jasmin und Sandelholz.
pt: Eau de parfum Jasmim | Fragrância floral com notas de jasmim e sândalo.
ru: Парфюмерная вода «Жасмин» | Цветочный аромат с нотами жасмина и сандала.
zh: 茉莉香水 | 花香调，带有茉莉与檀香的气息。
ar: عطر الياسمين أو دو بارفان | عطر زهري بنفحات الياسمين وخشب الصندل.
"""),
        ((SIZE, ("50 ml", "100 ml")),),
        {"authenticity_certificate": "Sealed original packaging"},
    ),
    Item(
        "argan-hair-oil",
        "Hair Care",
        "Health & Beauty > Personal Care > Hair Care",
        "Lumea Skin",
        "beauty, hair, oil",
        "22.00",
        texts("""
en: Argan Hair Oil | Nourishing oil for smooth, shiny hair.
es: Aceite capilar de argán | Aceite nutritivo para un cabello suave y brillante.
fr: Huile capillaire à l'argan | Huile nourrissante pour des cheveux lisses et brillants.
de: Arganöl für das Haar | Pflegendes Öl für glattes, glänzendes Haar.
pt: Óleo capilar de argan | Óleo nutritivo para cabelos macios e brilhantes.
ru: Аргановое масло для волос | Питательное масло для гладких и блестящих волос.
zh: 摩洛哥坚果护发精油 | 滋养秀发，柔顺有光泽。
ar: زيت الأرغان للشعر | زيت مغذٍّ لشعر ناعم ولامع.
"""),
    ),
    # ------------------------------------------------------------ shoes
    Item(
        "running-shoes",
        "Sneakers",
        "Apparel & Accessories > Shoes > Athletic Shoes",
        "Stride Lab",
        "shoes, running, sport",
        "110.00",
        texts("""
en: Running Shoes | Light, cushioned shoes for everyday runs.
es: Zapatillas de running | Zapatillas ligeras y amortiguadas para correr a diario.
fr: Chaussures de running | Chaussures légères et bien amorties pour courir tous les jours.
de: Laufschuhe | Leichte, gut gedämpfte Schuhe für den täglichen Lauf.
pt: Tênis de corrida | Tênis leves e amortecidos para correr todos os dias.
ru: Беговые кроссовки | Лёгкие кроссовки с амортизацией для ежедневных пробежек.
zh: 跑步鞋 | 轻盈缓震，适合日常跑步。
ar: حذاء جري | حذاء خفيف ومريح بتبطين للجري اليومي.
"""),
        ((SIZE, EU_SHOES), (COLOR, ("Black", "Volt"))),
        {"material": "Engineered mesh upper"},
    ),
    Item(
        "white-leather-sneakers",
        "Sneakers",
        "Apparel & Accessories > Shoes > Sneakers",
        "Stride Lab",
        "shoes, sneakers, leather",
        "95.00",
        texts("""
en: White Leather Sneakers | Clean, minimalist sneakers in smooth leather.
es: Zapatillas blancas de piel | Zapatillas minimalistas en piel lisa.
fr: Baskets blanches en cuir | Baskets minimalistes en cuir lisse.
de: Weiße Ledersneaker | Schlichte Sneaker aus Glattleder.
pt: Tênis branco de couro | Tênis minimalista em couro liso.
ru: Белые кожаные кеды | Лаконичные кеды из гладкой кожи.
zh: 白色真皮运动鞋 | 简约百搭，光面皮革。
ar: حذاء رياضي جلدي أبيض | حذاء رياضي بسيط من الجلد الناعم.
"""),
        ((SIZE, ("36", "37", "38", "39", "40", "41", "42", "43", "44", "45")),),
        {"material": "Smooth calf leather"},
    ),
    Item(
        "canvas-sneakers",
        "Sneakers",
        "Apparel & Accessories > Shoes > Sneakers",
        "Stride Lab",
        "shoes, sneakers, canvas",
        "49.00",
        texts("""
en: Canvas Sneakers | Classic low-top canvas sneakers.
es: Zapatillas de lona | Zapatillas clásicas de lona de caña baja.
fr: Baskets en toile | Baskets basses classiques en toile.
de: Canvas-Sneaker | Klassische flache Sneaker aus Segeltuch.
pt: Tênis de lona | Tênis clássico de lona de cano baixo.
ru: Текстильные кеды | Классические низкие кеды из канваса.
zh: 帆布鞋 | 经典低帮帆布鞋。
ar: حذاء قماشي | حذاء رياضي كلاسيكي منخفض من القماش.
"""),
        ((SIZE, ("36", "38", "40", "42", "44")), (COLOR, ("White", "Navy", "Red"))),
        {"material": "Cotton canvas, rubber sole"},
    ),
    Item(
        "chelsea-boots",
        "Boots",
        "Apparel & Accessories > Shoes > Boots",
        "Alpenstep",
        "shoes, boots, suede",
        "139.00",
        texts("""
en: Chelsea Boots | Suede ankle boots with elastic sides.
es: Botines Chelsea | Botines de ante con elásticos laterales.
fr: Bottines Chelsea | Bottines en daim avec élastiques sur les côtés.
de: Chelsea-Boots | Wildleder-Stiefeletten mit seitlichem Gummizug.
pt: Botas Chelsea | Botas de camurça com elásticos laterais.
ru: Ботинки челси | Замшевые ботинки с эластичными вставками по бокам.
zh: 切尔西靴 | 麂皮短靴，两侧松紧设计。
ar: حذاء تشيلسي | حذاء كاحل من الشامواه بجوانب مطاطية.
"""),
        ((SIZE, ("39", "40", "41", "42", "43", "44", "45")), (COLOR, ("Taupe", "Black"))),
        {"material": "Suede"},
    ),
    Item(
        "waterproof-hiking-boots",
        "Boots",
        "Apparel & Accessories > Shoes > Boots",
        "Alpenstep",
        "shoes, boots, hiking, waterproof, outdoor",
        "159.00",
        texts("""
en: Waterproof Hiking Boots | Grippy, waterproof boots for mountain trails.
es: Botas de montaña impermeables | Botas impermeables con buen agarre para senderos de montaña.
fr: Chaussures de randonnée imperméables | Chaussures imperméables à l'adhérence sûre pour les sentiers de montagne.
de: Wasserdichte Wanderschuhe | Rutschfeste, wasserdichte Schuhe für Bergwege.
pt: Botas de trilha impermeáveis | Botas impermeáveis com boa aderência para trilhas na montanha.
ru: Водонепроницаемые треккинговые ботинки | Ботинки с цепкой подошвой для горных троп.
zh: 防水登山靴 | 防水防滑，适合山间步道。
ar: حذاء مشي جبلي مقاوم للماء | حذاء مقاوم للماء بقبضة قوية لمسارات الجبال.
"""),
        ((SIZE, EU_SHOES),),
        {"material": "Nubuck leather, waterproof membrane", "warranty": "2 years"},
    ),
    Item(
        "leather-sandals",
        "Sandals",
        "Apparel & Accessories > Shoes > Sandals",
        "Atelier Mar",
        "shoes, sandals, summer, leather",
        "59.00",
        texts("""
en: Leather Sandals | Flat sandals with a cushioned footbed.
es: Sandalias de piel | Sandalias planas con plantilla acolchada.
fr: Sandales en cuir | Sandales plates avec semelle intérieure rembourrée.
de: Ledersandalen | Flache Sandalen mit gepolstertem Fußbett.
pt: Sandálias de couro | Sandálias rasteiras com palmilha acolchoada.
ru: Кожаные сандалии | Сандалии на плоской подошве с мягкой стелькой.
zh: 真皮凉鞋 | 平底凉鞋，鞋垫柔软有缓冲。
ar: صندل جلدي | صندل مسطح بنعل داخلي مبطن.
"""),
        ((SIZE, EU_WOMEN),),
        {"material": "Leather"},
    ),
    Item(
        "block-heel-pumps",
        "Heels",
        "Apparel & Accessories > Shoes > Heels",
        "Atelier Mar",
        "shoes, heels, office, evening",
        "89.00",
        texts("""
en: Block Heel Pumps | Comfortable pumps with a 6 cm block heel.
es: Zapatos de tacón ancho | Salones cómodos con tacón ancho de 6 cm.
fr: Escarpins à talon carré | Escarpins confortables à talon carré de 6 cm.
de: Pumps mit Blockabsatz | Bequeme Pumps mit 6 cm Blockabsatz.
pt: Scarpins de salto bloco | Scarpins confortáveis com salto bloco de 6 cm.
ru: Туфли на устойчивом каблуке | Удобные туфли на широком каблуке 6 см.
zh: 粗跟高跟鞋 | 6厘米粗跟，穿着舒适。
ar: حذاء بكعب عريض | حذاء مريح بكعب عريض بارتفاع 6 سم.
"""),
        ((SIZE, EU_WOMEN), (COLOR, ("Black", "Nude"))),
        {"material": "Patent leather"},
    ),
    Item(
        "suede-loafers",
        "Loafers",
        "Apparel & Accessories > Shoes > Loafers",
        "Cuoio Firenze",
        "shoes, loafers, suede",
        "119.00",
        texts("""
en: Suede Loafers | Soft suede loafers for smart-casual days.
es: Mocasines de ante | Mocasines de ante suave para un estilo arreglado pero informal.
fr: Mocassins en daim | Mocassins en daim souple pour un style chic et décontracté.
de: Wildleder-Loafer | Weiche Wildleder-Loafer für den Smart-Casual-Look.
pt: Mocassins de camurça | Mocassins de camurça macia para um visual esporte fino.
ru: Замшевые лоферы | Мягкие замшевые лоферы в стиле smart casual.
zh: 麂皮乐福鞋 | 柔软麂皮，适合休闲正装场合。
ar: حذاء لوفر من الشامواه | لوفر ناعم من الشامواه لإطلالة أنيقة غير رسمية.
"""),
        ((SIZE, ("40", "41", "42", "43", "44", "45")),),
        {"material": "Suede, leather sole"},
    ),
    Item(
        "wool-slippers",
        "Slippers",
        "Apparel & Accessories > Shoes > Slippers",
        "Alpenstep",
        "shoes, slippers, home, wool",
        "35.00",
        texts("""
en: Wool Slippers | Warm felted-wool slippers for home.
es: Zapatillas de casa de lana | Zapatillas de fieltro de lana calentitas para estar en casa.
fr: Chaussons en laine | Chaussons chauds en laine feutrée pour la maison.
de: Wollhausschuhe | Warme Hausschuhe aus Filzwolle.
pt: Pantufas de lã | Pantufas quentinhas de lã feltrada para usar em casa.
ru: Шерстяные тапочки | Тёплые домашние тапочки из валяной шерсти.
zh: 羊毛拖鞋 | 保暖毛毡羊毛居家拖鞋。
ar: خف صوفي | خف منزلي دافئ من الصوف الملبد.
"""),
        ((SIZE, ("S", "M", "L")),),
        {"material": "Felted wool"},
    ),
    # ------------------------------------------------------------ home
    Item(
        "linen-bedding-set",
        "Bedding",
        "Home & Garden > Linens & Bedding > Bedding",
        "Casa Lino",
        "home, bedding, linen",
        "149.00",
        texts("""
en: Linen Bedding Set | Stonewashed linen duvet cover with two pillowcases.
es: Juego de cama de lino | Funda nórdica de lino lavado a la piedra con dos fundas de almohada.
fr: Parure de lit en lin | Housse de couette en lin lavé avec deux taies d'oreiller.
de: Leinen-Bettwäscheset | Bettbezug aus gewaschenem Leinen mit zwei Kissenbezügen.
pt: Jogo de cama de linho | Capa de edredom de linho lavado com duas fronhas.
ru: Комплект постельного белья из льна | Пододеяльник из стираного льна и две наволочки.
zh: 亚麻床品套件 | 水洗亚麻被套，配两个枕套。
ar: طقم مفارش سرير من الكتان | غطاء لحاف من الكتان المغسول مع غطاءين للوسائد.
"""),
        ((SIZE, ("Single", "Double", "King")), (COLOR, ("White", "Sage"))),
        {"material": "100% European linen"},
    ),
    Item(
        "cotton-towel-set",
        "Bath",
        "Home & Garden > Linens & Bedding > Towels",
        "Casa Lino",
        "home, bath, towels, cotton",
        "45.00",
        texts("""
en: Cotton Towel Set | Set of four soft, absorbent cotton towels.
es: Juego de toallas de algodón | Cuatro toallas de algodón suaves y absorbentes.
fr: Lot de serviettes en coton | Quatre serviettes en coton douces et absorbantes.
de: Baumwoll-Handtuchset | Vier weiche, saugfähige Handtücher aus Baumwolle.
pt: Jogo de toalhas de algodão | Quatro toalhas de algodão macias e absorventes.
ru: Набор хлопковых полотенец | Четыре мягких впитывающих полотенца из хлопка.
zh: 纯棉毛巾套装 | 四条柔软吸水的纯棉毛巾。
ar: طقم مناشف قطنية | أربع مناشف قطنية ناعمة وعالية الامتصاص.
"""),
        ((COLOR, ("White", "Stone", "Ocean")),),
        {"material": "100% combed cotton"},
    ),
    Item(
        "ceramic-mug-set",
        "Kitchen",
        "Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs",
        "Terra & Fuoco",
        "home, kitchen, ceramic, gift",
        "39.00",
        texts("""
en: Ceramic Mug Set | Four handmade stoneware mugs, 350 ml each.
es: Juego de tazas de cerámica | Cuatro tazas de gres hechas a mano, de 350 ml.
fr: Lot de mugs en céramique | Quatre mugs en grès faits main, 350 ml chacun.
de: Keramiktassen-Set | Vier handgemachte Steinzeugbecher mit je 350 ml.
pt: Jogo de canecas de cerâmica | Quatro canecas de grés feitas à mão, de 350 ml.
ru: Набор керамических кружек | Четыре кружки ручной работы из керамики, по 350 мл.
zh: 陶瓷马克杯套装 | 四只手工粗陶马克杯，每只350毫升。
ar: طقم أكواب سيراميك | أربعة أكواب خزفية مصنوعة يدويًا، سعة كل منها 350 مل.
"""),
        attributes={"material": "Stoneware"},
    ),
    Item(
        "chefs-knife-20cm",
        "Kitchen",
        "Home & Garden > Kitchen & Dining > Kitchen Tools & Utensils > Kitchen Knives",
        "Terra & Fuoco",
        "home, kitchen, knife, cooking",
        "79.00",
        texts("""
en: Chef's Knife 20 cm | Forged steel knife for precise everyday cutting.
es: Cuchillo de chef 20 cm | Cuchillo de acero forjado para cortes precisos a diario.
fr: Couteau de chef 20 cm | Couteau en acier forgé pour une découpe précise au quotidien.
de: Kochmesser 20 cm | Geschmiedetes Stahlmesser für präzises Schneiden im Alltag.
pt: Faca de chef 20 cm | Faca de aço forjado para cortes precisos no dia a dia.
ru: Поварской нож 20 см | Кованый стальной нож для точной нарезки каждый день.
zh: 20厘米主厨刀 | 锻造钢刀，日常切配精准利落。
ar: سكين الطاهي 20 سم | سكين من الفولاذ المطروق لتقطيع دقيق كل يوم.
"""),
        attributes={"material": "Forged German steel", "warranty": "Lifetime"},
    ),
    Item(
        "french-press",
        "Kitchen",
        "Home & Garden > Kitchen & Dining > Kitchen Appliances > Coffee Makers",
        "Terra & Fuoco",
        "home, kitchen, coffee",
        "35.00",
        texts("""
en: French Press Coffee Maker | Glass and steel coffee press for 8 cups.
es: Cafetera de émbolo | Cafetera francesa de vidrio y acero para 8 tazas.
fr: Cafetière à piston | Cafetière en verre et acier pour 8 tasses.
de: French-Press-Kaffeebereiter | Kaffeebereiter aus Glas und Edelstahl für 8 Tassen.
pt: Cafeteira francesa | Prensa de café de vidro e aço para 8 xícaras.
ru: Френч-пресс | Кофейник из стекла и стали на 8 чашек.
zh: 法压咖啡壶 | 玻璃与不锈钢材质，可冲8杯。
ar: إبريق قهوة فرنسي | مكبس قهوة من الزجاج والفولاذ يكفي 8 أكواب.
"""),
        attributes={"material": "Borosilicate glass, stainless steel"},
    ),
    Item(
        "fig-scented-candle",
        "Decor",
        "Home & Garden > Decor > Home Fragrances > Candles",
        "Casa Lino",
        "home, decor, candle, gift",
        "24.00",
        texts("""
en: Fig Scented Candle | Soy wax candle with a fig and cedar scent, 40 hours.
es: Vela aromática de higo | Vela de cera de soja con aroma a higo y cedro, 40 horas.
fr: Bougie parfumée figue | Bougie en cire de soja aux senteurs de figue et de cèdre, 40 heures.
de: Duftkerze Feige | Sojawachskerze mit Feigen- und Zedernduft, 40 Stunden Brenndauer.
pt: Vela aromática de figo | Vela de cera de soja com aroma de figo e cedro, 40 horas.
ru: Ароматическая свеча «Инжир» | Свеча из соевого воска с ароматом инжира и кедра, 40 часов горения.
zh: 无花果香薰蜡烛 | 大豆蜡，无花果与雪松香气，可燃烧40小时。
ar: شمعة معطرة بالتين | شمعة من شمع الصويا برائحة التين والأرز، تدوم 40 ساعة.
"""),
    ),
    Item(
        "ceramic-table-lamp",
        "Lighting",
        "Home & Garden > Lighting > Lamps",
        "Terra & Fuoco",
        "home, lighting, lamp, ceramic",
        "89.00",
        texts("""
en: Ceramic Table Lamp | Warm-light lamp with a linen shade.
es: Lámpara de mesa de cerámica | Lámpara de luz cálida con pantalla de lino.
fr: Lampe à poser en céramique | Lampe à lumière chaude avec abat-jour en lin.
de: Keramik-Tischlampe | Lampe mit warmem Licht und Leinenschirm.
pt: Luminária de mesa de cerâmica | Luminária de luz quente com cúpula de linho.
ru: Керамическая настольная лампа | Лампа с тёплым светом и льняным абажуром.
zh: 陶瓷台灯 | 暖光台灯，配亚麻灯罩。
ar: مصباح طاولة سيراميك | مصباح بإضاءة دافئة وغطاء من الكتان.
"""),
        (("Plug", ("EU", "UK")),),
        {"warranty": "2 years"},
    ),
    Item(
        "wool-throw-blanket",
        "Decor",
        "Home & Garden > Linens & Bedding > Bedding > Blankets",
        "Casa Lino",
        "home, decor, blanket, wool",
        "99.00",
        texts("""
en: Wool Throw Blanket | Soft merino throw for the sofa, 130 × 170 cm.
es: Manta de lana | Manta suave de merino para el sofá, 130 × 170 cm.
fr: Plaid en laine | Plaid doux en mérinos pour le canapé, 130 × 170 cm.
de: Wolldecke | Weiche Merino-Kuscheldecke fürs Sofa, 130 × 170 cm.
pt: Manta de lã | Manta macia de merino para o sofá, 130 × 170 cm.
ru: Шерстяной плед | Мягкий плед из мериноса для дивана, 130 × 170 см.
zh: 羊毛盖毯 | 柔软美利奴羊毛沙发毯，130×170厘米。
ar: بطانية صوفية | بطانية ناعمة من صوف المرينو للأريكة، 130 × 170 سم.
"""),
        ((COLOR, ("Oatmeal", "Charcoal", "Rust")),),
        {"material": "100% merino wool"},
    ),
    Item(
        "terracotta-plant-pot",
        "Decor",
        "Home & Garden > Decor > Planters",
        "Terra & Fuoco",
        "home, decor, garden, plants",
        "19.00",
        texts("""
en: Terracotta Plant Pot | Hand-thrown pot with a drainage hole.
es: Maceta de terracota | Maceta hecha a mano en torno con agujero de drenaje.
fr: Pot de fleurs en terre cuite | Pot tourné à la main avec trou d'évacuation.
de: Blumentopf aus Terrakotta | Handgedrehter Topf mit Abflussloch.
pt: Vaso de terracota | Vaso feito à mão no torno com furo de drenagem.
ru: Терракотовый горшок для растений | Горшок ручной работы с дренажным отверстием.
zh: 陶土花盆 | 手工拉坯，底部带排水孔。
ar: أصيص فخاري للنباتات | أصيص مصنوع يدويًا على دولاب الفخار مع فتحة تصريف.
"""),
        ((SIZE, ("Small", "Medium", "Large")),),
        {"material": "Terracotta"},
    ),
)
