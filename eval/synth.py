"""Seeded generator of synthetic plans in the Chinese government work-plan format, with labelled questions.

Each plan looks like ``corpus/policies/*.txt``: an optional news-page wrapper, the 印发 notice (issuer,
文号 ``X政办字〔YYYY〕N号``, addressees, date), the title 《X市YYYY年…工作方案》, numbered items 一、… each
ending in a unit clause (牵头单位/责任单位), a closing paragraph naming the coordinating office, and the
printed date. ASCII and full-width punctuation are mixed, as in the real text. Deterministic per seed.

    python eval/synth.py OUT_DIR --plans 100 --seed 7     # OUT_DIR/policies/*.txt + OUT_DIR/questions.jsonl

Nothing generated here is checked in. ``generate()`` returns the intended structure (units, figures,
target groups per item), which tests/test_synth.py compares with what assistant.corpus.parsing reads back.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

CITIES = (
    "临沂",
    "济南",
    "青岛",
    "淄博",
    "枣庄",
    "东营",
    "烟台",
    "潍坊",
    "济宁",
    "泰安",
    "威海",
    "日照",
    "滨州",
    "德州",
    "聊城",
    "菏泽",
    "徐州",
    "扬州",
    "泉州",
    "漳州",
    "洛阳",
    "开封",
    "襄阳",
    "宜昌",
    "岳阳",
    "常德",
    "赣州",
    "九江",
    "绵阳",
    "遵义",
    "曲靖",
    "榆林",
    "宝鸡",
    "天水",
    "包头",
    "大庆",
    "吉林",
    "鞍山",
    "唐山",
    "保定",
    "邯郸",
    "沧州",
)
TOPICS = (
    "关爱妇女儿童十件实事",
    "为民办实事",
    "民生实事项目",
    "儿童友好城市建设",
    "妇女儿童发展重点任务",
    "家庭教育促进",
    "未成年人保护",
    "困难群众帮扶",
    "残疾人服务提升",
    "养老托育服务",
    "公共文化惠民",
    "健康城市建设",
    "就业创业促进",
    "教育惠民",
    "妇女就业创业",
    "农村留守儿童关爱",
    "巾帼建功",
    "平安家庭创建",
    "全民健身惠民",
    "托育服务体系建设",
)
UNITS = (
    "市妇联",
    "市卫生健康委",
    "市教育局",
    "市民政局",
    "市财政局",
    "市人力资源社会保障局",
    "市住房城乡建设局",
    "市交通运输局",
    "市农业农村局",
    "市文化和旅游局",
    "市体育局",
    "市公安局",
    "市司法局",
    "市医保局",
    "市残联",
    "团市委",
    "市总工会",
    "市市场监管局",
    "市生态环境局",
    "市自然资源和规划局",
    "市水利局",
    "市应急局",
    "市退役军人事务局",
    "市科技局",
    "市工业和信息化局",
    "市商务局",
    "市城市管理局",
    "市大数据局",
    "市关工委",
    "市慈善总会",
    "市委宣传部",
    "市发展改革委",
    "市红十字会",
    "市税务局",
    "市供销社",
    "市团校",
    "市图书馆",
    "市妇幼保健院",
    "市疾控中心",
    "市委网信办",
    "市委组织部",
    "市委政法委",
    "市检察院",
    "市中级法院",
    "各县区政府",
)
COORDINATORS = ("市妇儿工委办公室", "市民生实事办公室", "市未成年人保护办公室", "市老龄办公室", "市民生工程领导小组办公室")
GROUPS = (
    "困境儿童",
    "农村留守儿童",
    "低收入妇女",
    "残疾儿童",
    "单亲困难家庭",
    "城乡低保家庭",
    "进城务工人员子女",
    "孤困儿童",
    "农村妇女",
    "新就业形态女性群体",
    "服刑人员子女",
    "计划生育特殊家庭",
    "城镇困难职工家庭",
    "孤独症儿童",
    "学龄前儿童",
    "失业妇女",
    "退役军人家庭",
    "流动儿童",
)

# Measures: (title, detail). <X> is a figure placeholder with unit X; {G} a target group; {C} the city.
MEASURES = (
    ("开展适龄妇女“两癌”免费筛查", "对全市<万名>{G}进行宫颈癌、乳腺癌免费筛查。争取各级救助资金,救助患病妇女<人>"),
    ("建设希望小屋<处>", "针对{G}中无独立学习环境的孩子,通过装修原有房屋,配备必要家具用品,改善学习生活环境"),
    ("康复救助残疾儿童<人>", "依托各类定点康复机构,为{G}提供康复训练,覆盖率达到<%以上>"),
    ("开展妇女儿童体质监测", "为全市<名>妇女儿童开展体质监测,提供有针对性的科学健身指导服务"),
    ("推进社区家长学校规范化建设", "加强家庭教育指导服务,<%>的城市社区和<%>的农村社区建立家长学校或家庭教育服务站点"),
    ("实施政府购买儿童关爱社会工作服务项目", "鼓励引导各县区发展儿童关爱类服务组织,为{G}提供监护指导、心理慰藉等服务,培育服务组织<家>"),
    ("建设示范性农家书屋", "年内培育<个>示范农家书屋,在景区景点建造<个左右>示范性旅游书吧,为{G}提供阅读服务"),
    ("开展巾帼家政技能培训", "面向{G}开展家政服务技能培训<场>,培训<人次>,推动实现就业创业"),
    ("新建普惠性托育机构", "新增普惠性托位<个>,建设社区嵌入式托育服务点<处>,减轻{G}养育负担"),
    ("实施困难妇女创业帮扶", "为{G}发放创业担保贷款<万元>,扶持创业<人>,带动就业<人>"),
    ("开展“护苗”网络安全教育", "在中小学开展网络安全进校园活动<场>,覆盖学生<万名>,提高{G}自我保护意识"),
    ("建设儿童友好公园", "改造提升城市公园<座>,配建儿童游乐设施,为{G}提供安全的户外活动空间"),
    ("开展妇女儿童法律援助", "为{G}提供法律援助,办理法律援助案件<批>,开展普法宣传<场>"),
    ("实施孕产妇免费健康检查", "为全市<名>孕产妇提供免费产前检查,孕产妇系统管理率达到<%>"),
    ("建设妇女儿童之家", "在城乡社区新建规范化妇女儿童之家<个>,为{G}提供活动场所"),
    ("开展农村留守儿童关爱行动", "组织志愿者<名>与{G}结对帮扶,开展亲情陪伴活动<次>"),
    ("推进中小学午餐供餐", "为<所>中小学提供营养午餐,惠及学生<万名>,重点保障{G}就餐"),
    ("实施残疾人家庭无障碍改造", "为{G}实施家庭无障碍改造<户>,改造完成率达到<%>"),
    ("提升妇幼健康服务能力", "培训基层妇幼保健人员<名>,建设儿童早期发展示范基地<个>,服务{G}"),
    ("开展青少年心理健康关爱", "建设青少年心理辅导站<处>,配备专兼职心理辅导员<名>,重点关注{G}"),
    ("实施女性职业技能提升行动", "面向{G}开展职业技能培训<人次>,取得职业资格证书<人>"),
    ("开展婚姻家庭纠纷调解", "建设婚姻家庭纠纷调解组织<个>,化解矛盾纠纷<次>,促进{G}和睦"),
    ("实施困境儿童助学行动", "为{G}发放助学金<万元>,资助学生<名>"),
    ("建设母婴室", "在公共场所新建母婴室<间>,实现交通枢纽、大型商场全覆盖,方便{G}出行"),
    ("开展儿童意外伤害防控", "开展防溺水安全教育<场>,在重点水域设置警示标识<处>,保护{G}安全"),
    ("实施妇女“两癌”救助", "争取救助资金<万元>,救助患病{G}<人>"),
    ("开展健康家庭创建活动", "创建健康家庭<户>,组织健康讲座<场>,提高{G}健康素养"),
    ("推进校外教育阵地建设", "建设乡村少年宫<所>,开展课后服务<次>,为{G}提供课后托管"),
    ("开展最美家庭评选", "评选各级最美家庭<户>,组织家风家教宣讲<场>,引导{G}崇德向善"),
    ("落实孤儿基本生活保障", "为{G}按时足额发放基本生活费,保障标准提高<%>,惠及儿童<人>"),
    ("建设社区儿童服务站", "依托城乡社区建设儿童服务站<个>,配备儿童主任<名>,为{G}提供关爱服务"),
    ("开展女性创业大赛", "举办女性创业创新大赛<场>,扶持创业项目<项>,带动{G}增收"),
)
_FIG_UNITS = {
    "万名": (1, 60),
    "万元": (50, 900),
    "%": (60, 98),
    "个左右": (5, 40),
    "名": (50, 6000),
    "人": (50, 5000),
    "人次": (50, 5000),
    "处": (10, 1200),
    "个": (10, 300),
    "家": (5, 60),
    "场": (10, 400),
    "次": (100, 9000),
    "座": (3, 30),
    "批": (2, 30),
    "所": (10, 200),
    "户": (50, 3000),
    "间": (10, 150),
    "项": (5, 80),
}
_PLACEHOLDER = re.compile(r"<([^>]+)>")


@dataclass
class SynthItem:
    number: int
    numeral: str
    title: str
    text: str  # the item as written, unit clause included
    lead_units: list[str]
    responsible_units: list[str]
    figures: list[str]  # figure texts as written, first occurrence order, deduplicated
    target_groups: list[str]


@dataclass
class SynthPlan:
    doc_id: str
    city: str
    year: int
    title: str
    issuer: str
    doc_number: str
    issue_date: str
    coordinator: str
    items: list[SynthItem] = field(default_factory=list)
    text: str = ""


def numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _figure(rng: random.Random, spec: str, fullwidth: bool) -> str:
    m = re.fullmatch(r"(.+?)(左右|以上|以下)?", spec)
    assert m
    unit, suffix = m.group(1), m.group(2) or ""
    if unit == "个" and suffix == "左右":
        unit = "个左右"
        suffix = ""
    lo, hi = _FIG_UNITS.get(unit, (10, 500))
    value = rng.randint(lo, hi)
    if value > 100 and unit not in ("%", "万名", "万元"):
        value = round(value, -1 if value < 1000 else -2)
    if unit == "%":
        return f"{value}{'％' if fullwidth else '%'}{suffix}"
    return f"{value}{unit}{suffix}"


def _fill(rng: random.Random, template: str, group: str, city: str, fullwidth: bool, figures: list[str]) -> str:
    def sub(m: re.Match[str]) -> str:
        text = _figure(rng, m.group(1), fullwidth)
        if text not in figures:
            figures.append(text)
        return text

    return _PLACEHOLDER.sub(sub, template.replace("{G}", group).replace("{C}", city))


def _clause(rng: random.Random, lead: list[str], responsible: list[str]) -> str:
    ascii_style = rng.random() < 0.5
    colon = ":" if ascii_style else "：" if rng.random() < 0.8 else ":"
    comma = "," if ascii_style else "，"
    sep = "、"
    open_, close = ("(", ")") if ascii_style else ("（", "）")
    parts = []
    if lead:
        parts.append(f"牵头单位{colon}{sep.join(lead)}")
    if responsible:
        parts.append(f"责任单位{colon}{sep.join(responsible)}")
    return open_ + comma.join(parts) + close


def make_plan(rng: random.Random, index: int, city: str, year: int, topic: str) -> SynthPlan:
    title = f"{city}市{year}年{topic}工作方案"
    issuer = f"{city}市人民政府办公室"
    doc_number = f"{city[0]}政办字〔{year}〕{rng.randint(1, 180)}号"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    issue_date = f"{year}年{month}月{day}日"
    coordinator = rng.choice(COORDINATORS)
    plan = SynthPlan(f"synth-{index:04d}-{year}", city, year, title, issuer, doc_number, issue_date, coordinator)

    n_items = rng.randint(6, 12)
    measures = rng.sample(MEASURES, n_items)
    lines: list[str] = []
    if rng.random() < 0.3:  # a news-page wrapper, like the real corpus file
        lines += [
            f"{city}{year}年{topic}来了",
            "",
            f"{year}-{month:02d}-{day:02d} 09:{rng.randint(10, 59)}:00 来源: {city}日报 作者:",
            "",
            f"  日前,{city}市人民政府发布,关于印发《{title}》的通知。",
            "",
        ]
    lines += [
        f"  {issuer}",
        "",
        f"  关于印发《{title}》的通知",
        "",
        f"  {doc_number}",
        "",
        "  各县区人民政府(管委会),市政府各部门(单位):",
        "",
        f"  现将《{title}》印发给你们,请认真抓好落实。",
        "",
        f"  {issuer}",
        "",
        f"  {issue_date}",
        "",
        "",
        f"  {title}",
        "",
    ]
    for number, (m_title, m_detail) in enumerate(measures, start=1):
        fullwidth = rng.random() < 0.3
        figures: list[str] = []
        group = rng.choice(GROUPS)
        item_title = _fill(rng, m_title, group, city, fullwidth, figures)
        detail = _fill(rng, m_detail, group, city, fullwidth, figures)
        if rng.random() < 0.5:
            detail = detail.replace(",", "，")
        k = rng.choice((1, 2, 2, 3, 4))
        chosen = rng.sample(UNITS, k + rng.choice((0, 1, 2, 3)))
        lead = chosen[:k] if rng.random() < 0.6 else []
        responsible = chosen[len(lead) :] or [rng.choice([u for u in UNITS if u not in lead])]
        if not lead and len(responsible) > 3:
            responsible = responsible[:3]
        body = f"{numeral(number)}、{item_title}。{detail}。"
        clause = _clause(rng, lead, responsible)
        text = body + clause
        if rng.random() < 0.15:  # a wrapped line: the clause continues on the next line
            lines += [f"  {body}", f"  {clause}", ""]
        else:
            lines += [f"  {text}", ""]
        plan.items.append(SynthItem(number, numeral(number), item_title, text, lead, responsible, figures, [group]))

    lines += [
        f"  各级各有关部门和单位要高度重视{topic}工作,建立健全工作机制,推动公共服务向基层倾斜。各牵头单位要落实主体责任,"
        f"牵头推进落实到位;各责任单位要严格按照责任分工,认真履职尽责;{coordinator}要充分发挥牵头揽总作用,加强协调督导,"
        "及时研究解决推进过程中遇到的困难和问题,确保全面完成目标任务。",
        "",
        f"  ({issue_date}印发)",
        "",
    ]
    if rng.random() < 0.3:
        lines += ["初审编辑:王芳", "", "责任编辑:李强", "", "相关新闻"]
    plan.text = "\n".join(lines) + "\n"
    return plan


def generate(n_plans: int, seed: int = 0) -> list[SynthPlan]:
    """``n_plans`` plans with distinct titles; the same (n, seed) always gives the same plans."""
    rng = random.Random(seed)
    combos = [(c, y, t) for c in CITIES for y in range(2016, 2031) for t in TOPICS]
    if n_plans > len(combos):
        raise ValueError(f"at most {len(combos)} distinct plans")
    chosen = rng.sample(combos, n_plans)
    return [make_plan(random.Random(rng.getrandbits(64)), i, c, y, t) for i, (c, y, t) in enumerate(chosen)]


DEPT_TEMPLATES = (
    "《{title}》里“{item}”这项是哪个单位牵头负责的？",
    "{title}中，{item}由哪些部门负责？",
    "请问{title}的第{numeral}项“{item}”归哪个部门管？",
    "{year}年{city}市{item}找哪个单位？",
)
FIGURE_TEMPLATES = (
    "《{title}》里“{item}”的目标数量是多少？",
    "{title}中{item}的规模有多大？",
    "{year}年{city}市{item}一共多少？",
)


def questions(plans: list[SynthPlan], per_plan: int = 2, seed: int = 0) -> list[dict]:
    """Labelled questions: the department (and figures) of item k of plan P, naming P's title or year."""
    rng = random.Random(seed + 1)
    out: list[dict] = []
    for plan in plans:
        for item in rng.sample(plan.items, min(per_plan, len(plan.items))):
            figure_q = bool(item.figures) and rng.random() < 0.35
            templates = FIGURE_TEMPLATES if figure_q else DEPT_TEMPLATES
            t_index = rng.randrange(len(templates))
            scope = "year" if t_index == len(templates) - 1 else "title"
            q = templates[t_index].format(title=plan.title, item=item.title, numeral=item.numeral, year=plan.year, city=plan.city)
            out.append(
                {
                    "id": f"{plan.doc_id}-{item.number}-{'fig' if figure_q else 'dept'}",
                    "question": q,
                    "history": [],
                    "category": "figure" if figure_q else "department",
                    "scope": scope,
                    "document": plan.doc_id,
                    "title": plan.title,
                    "items": [item.number],
                    "check_units": not figure_q,
                    "lead_units": item.lead_units,
                    "responsible_units": item.responsible_units,
                    "facts": item.figures[:1] if figure_q else item.lead_units or item.responsible_units,
                }
            )
    return out


def write_corpus(
    out: Path, n_plans: int, seed: int = 0, per_plan: int = 2, support_from: Path | None = None
) -> tuple[list[SynthPlan], list[dict]]:
    """OUT/policies/*.txt (+ glossary/scope copied from ``support_from``) and OUT/questions.jsonl."""
    plans = generate(n_plans, seed)
    policies = out / "policies"
    if policies.exists():
        shutil.rmtree(policies)
    policies.mkdir(parents=True)
    for plan in plans:
        (policies / f"{plan.doc_id}.txt").write_text(plan.text, encoding="utf-8")
    if support_from:
        for name in ("glossary.yaml", "scope.yaml"):
            if (support_from / name).exists():
                shutil.copy(support_from / name, out / name)
    qs = questions(plans, per_plan, seed)
    with open(out / "questions.jsonl", "w", encoding="utf-8") as fh:
        for q in qs:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    with open(out / "plans.json", "w", encoding="utf-8") as fh:
        json.dump([{k: v for k, v in asdict(p).items() if k != "text"} for p in plans], fh, ensure_ascii=False)
    return plans, qs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--plans", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-plan", type=int, default=2, help="questions per plan")
    args = parser.parse_args()
    plans, qs = write_corpus(args.out, args.plans, args.seed, args.per_plan, Path(__file__).resolve().parent.parent / "corpus")
    print(f"{len(plans)} plans, {sum(len(p.items) for p in plans)} items, {len(qs)} questions -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
