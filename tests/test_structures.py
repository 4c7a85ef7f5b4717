"""The prose structures of issue 4: breakdowns, percentages, changes, implausible
figures, dates, numbering and brackets (gov_audit/audit/mechanisms/).

One parametrized test runs every example text through the whole pipeline
(document_from_text → check_document with the built-in rules) and asserts the
kind and the values of the finding — never its wording. `None` as values means
the text must give no finding of that kind. The texts are written for the
purpose, with other wording and figures than the seeds; some are in
traditional characters, some with full-width digits.

The second half turns each `must_not_flag` relation of the seeds that concerns
prose (../shared/seed-expectations.yaml, copied as fixtures/) into a test.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import pytest

from gov_audit import audit
from gov_audit.load import document_from_text, load_document
from gov_audit.pipeline import check_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

TABLE_2019 = """二、主动公开政府信息情况
{prose}
第二十条第（五）项 | | | |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政许可 | 200 | +10 | 3120 |
其他对外管理服务事项 | 90 | -6 | 5000 |
第二十条第（六）项 | | | |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政处罚 | 100 | -4 | 55 |
行政强制 | 12 | 0 | 3 |
第二十条第（八）项 | | | |
信息内容 | 上一年项目数量 | 本年增/减 | |
行政事业性收费 | 8 | -2 | |
"""


def D(*values):
    return [Decimal(str(v)) for v in values]


# (case id, text, kind, values): values is the finding's `values`, or None for "no finding of this kind".
CASES = [
    # ---------------------------------------------------------------- prose_sum
    ("sum-over", "全年共受理群众来信512件，其中咨询类230件、求决类182件、其他110件。",
     "prose_sum", D(512, 522, 230, 182, 110)),
    ("sum-traditional-fullwidth", "全年發布信息３０４條。其中，機構職能類２１０條，政策文件類１０４條。",
     "prose_sum", D(304, 314, 210, 104)),
    ("sum-nested-outer", "共办理建议提案96件，其中人大建议60件（其中重点建议12件），政协提案40件。",
     "prose_sum", D(96, 100, 60, 40)),
    ("sum-nested-same-depth", "共收到申请150件，其中网上申请90件，其中本市申请60件、外地申请40件；信函申请60件。",
     "prose_sum", D(90, 100, 60, 40)),
    ("sum-continues-next-sentence", "本年度主动公开信息1200条。其中，市级部门发布800条。各乡镇发布420条。",
     "prose_sum", D(1200, 1220, 800, 420)),
    ("sum-residual-short", "共收到咨询300件，其中电话咨询120件，现场咨询100件，其他方式50件。",
     "prose_sum", D(300, 270, 120, 100, 50)),
    # Channels above their total: one item published on several channels is counted once in the total.
    ("sum-channels-over", "全年主动公开政府信息860条，其中通过门户网站公开700条，通过政务微博公开120条，通过政务微信公开90条。",
     "prose_sum", None),
    ("sum-channels-over-residual", "全年主动公开政府信息860条，其中通过门户网站公开700条，通过政务微博公开120条，"
                                   "通过其他方式公开90条。", "prose_sum", D(860, 910, 700, 120, 90)),
    ("sum-respectively", "共召开新闻发布会15场，市政府、各部门分别为6场、10场。", "prose_sum", D(15, 16, 6, 10)),
    ("sum-parenthesis-near-total", "为群众办理医保转移接续2460人（其中：城镇职工1500人、城乡居民900人），涉及资金35.6万元。",
     "prose_sum", D(2460, 2400, 1500, 900)),
    ("sum-topic-names-total", "全年产生政府信息5000条，其中主动公开信息3000条，依申请公开信息2000条。主动公开的信息，"
                              "市直部门公开2400条，占80%。各镇街公开600条，占20%。"
                              "网上公开的信息，市直部门公开2100条，各镇街公开900条。",
     "prose_sum", None),
    ("sum-topic-mismatch", "全年产生政府信息5000条，其中主动公开信息3000条，依申请公开信息2000条。主动公开的信息，"
                           "市直部门公开4000条，占80%。各镇街公开1000条，占20%。",
     "prose_sum", D(3000, 5000, 4000, 1000)),
    ("sum-ok", "全年共受理群众来信512件，其中咨询类230件、求决类182件、其他100件。", "prose_sum", None),
    ("sum-mixed-units", "临时救助共救助512人次135.6万元（其中：特困人员88人29.3万元；其他对象52.8万元）。",
     "prose_sum", None),
    ("sum-partial-list", "累计发布信息5600条，主要包括工作动态2100条、通知公告1500条。", "prose_sum", None),
    ("sum-small-subset", "全年办理政务服务事项128000件，其中行政许可3200件、行政确认1100件。", "prose_sum", None),
    ("sum-second-total-matches", "本年度主动公开信息1500条，累计公开8800条。其中，工作动态900条，通知公告600条。"
                                 "其中，通过网站公开1100条，通过公众号公开400条。", "prose_sum", None),
    ("sum-new-total-ends-list", "全年共受理申请88件，其中自然人申请80件，法人申请8件；共办结85件，结转3件。",
     "prose_sum", None),
    ("sum-traditional-nested-ok", "共辦理建議提案96件，其中人大建議56件（其中重點建議12件），政協提案40件。",
     "prose_sum", None),
    ("sum-approximate-total", "全年接待群众咨询约4900人次，其中现场咨询1600人次，电话咨询3200人次，网上咨询100人次。",
     "prose_sum", None),
    ("sum-each", "共梳理4个片区权责清单事项各25项，区直部门权责事项共1800项。", "prose_sum", None),
    # A result list needs no 其中 after the total it breaks down (办结/答复 N件).
    ("sum-result-list-next-sentence", "全年办结申请60件。予以公开25件，部分公开5件，不予公开4件，无法提供14件，"
                                      "不予处理3件，其他处理2件。", "prose_sum", D(60, 53, 25, 5, 4, 14, 3, 2)),
    ("sum-result-list-elided", "全年办结申请60件。予以公开25件，部分公开5件，……，其他处理2件。", "prose_sum", None),
    ("sum-result-list-qualified-total", "全年办结申请60件，按时办结58件。予以公开25件，部分公开5件，不予公开4件，"
                                        "无法提供14件，不予处理3件，其他处理9件。", "prose_sum", None),
    ("sum-result-list-ends-at-other-item", "全年收到申请62件，办结60件，结转2件。予以公开25件，部分公开5件，不予公开4件，"
                                           "无法提供14件，不予处理3件，其他处理2件，结转下年度3件。",
     "prose_sum", D(60, 53, 25, 5, 4, 14, 3, 2)),
    ("sum-result-list-ok", "共答复申请26件，同意公开答复15件，同意部分公开答复6件，不同意公开答复5件。", "prose_sum", None),
    # A category list names its total; a sub-unit's figure named with a qualifier is not it.
    ("sum-category-list", "全年主动公开政府信息640条。其中，机关科室主动公开政府信息400条。本委主动公开政府信息的类别包括："
                          "政策文件类200条，工作动态类300条，其他类160条。", "prose_sum", D(640, 660, 200, 300, 160)),
    ("sum-category-list-across-lines", "二、主动公开政府信息情况\n（一）公开数量\n全年主动公开政府信息980条。其中，各镇街"
                                       "主动公开政府信息500条。\n（二）公开类别\n本区主动公开政府信息的主要类别有：政务动态"
                                       "600条，通知公告300条，其他100条。", "prose_sum", D(980, 1000, 600, 300, 100)),
    ("sum-category-list-ok", "全年主动公开政府信息640条。其中，机关科室主动公开政府信息400条。本委主动公开政府信息的类别包括："
                             "政策文件类200条，工作动态类300条，其他类140条。", "prose_sum", None),

    # ---------------------------------------------------------------- implausible: a part above its whole
    ("part-above-whole", "本年度共办理人大建议58件，其中按时办结85件。", "implausible", D(58, 85)),
    ("part-below-whole", "本年度共办理人大建议58件，其中按时办结57件。", "implausible", None),

    # ---------------------------------------------------------------- percentage: shares
    ("share-wrong", "全区梳理政务服务事项820项，其中可全程网办615项，占比85%。", "percentage", D(615, 820, 85)),
    ("share-fullwidth-traditional", "全年受理申請１２０件，其中予以公開９０件，佔７０％。", "percentage", D(90, 120, 70)),
    ("share-truncated", "共梳理事项65项，其中网上可办20项，所占比例为30%。", "percentage", D(20, 65, 30)),
    ("share-in-list", "全市纳入平台事项2000项，即办件1240项占比62%，承诺件700项占比36%。",
     "percentage", D(700, 2000, 36)),
    ("share-ok", "全区梳理政务服务事项820项，其中可全程网办615项，占比75%。", "percentage", None),
    ("share-100-rounded", "全区纳入平台事项1300项，一次办1299项占比100%，网上办1300项占比100%。", "percentage", None),
    ("share-two-decimals", "在发布的2600条信息中，规划类17条，占0.65%；许可类203条，占7.81%。", "percentage", None),
    ("share-approximate-base", "接待咨询约5200人次，其中现场1700人次，占32.69%。", "percentage", None),
    # A base is never below its part; the bases stated together may be meant together.
    ("share-base-not-below-part", "收到申请最多的是县教育局（12件）和县人社局（8件），两个部门合计20件，占全县的40%。",
     "percentage", None),
    ("share-bases-together", "全年办理行政复议案件6件、行政诉讼案件2件，其中被纠错2件，占25%。", "percentage", None),
    ("share-sibling-base", "全年受理申请120件，办结100件。其中予以公开60件，占55%；部分公开30件，占30%；不予公开10件，占10%。",
     "percentage", D(60, 100, 55)),

    # ---------------------------------------------------------------- percentage: rates
    ("rate-wrong", "全年共受理网民留言640件，已办结608件，办结率98%。", "percentage", D(608, 640, 98)),
    ("rate-more-closed", "今年共受理审批事项240件，办结420件，办结率100%。", "percentage", D(420, 240, 100)),
    ("rate-base-previous-sentence", "市民热线共受理来电52000件。已办理群众诉求48000件，诉求办理率99%。",
     "percentage", D(48000, 52000, 99)),
    ("rate-summed-numerator", "共接听来电1000条，其中A平台立案300件，B平台立案200件，立案率45%。",
     "percentage", D(300, 200, 1000, 45)),
    ("rate-bound", "共受理申请200件，办结150件，办结率超过90%。", "percentage", D(150, 200, 90)),
    ("rate-negated-excluded", "共收到申请120件，予以公开60件，部分公开20件，不予公开10件，公开率66.67%。", "percentage", None),
    ("rate-summed-ok", "共接听来电1000条，其中A平台立案300件，B平台立案200件，立案率50%。", "percentage", None),
    ("rate-qualified-unstated", "共受理诉求4210件，已办理4200件，按时办结率98.11%。", "percentage", None),
    ("rate-numerator-unstated", "共受理诉求5180件，当时回复2300件，转部门办理2880件，年内办结率91.4%。", "percentage", None),
    ("rate-traditional-ok", "全年共受理網民留言640件，已辦結608件，辦結率95%。", "percentage", None),
    ("rate-denominators-together", "共办理行政复议案件6件、行政诉讼案件2件，被纠错2件，纠错率25%。", "percentage", None),

    # ---------------------------------------------------------------- changes
    ("change-rate-wrong", "审批事项由原来的80项精简到20项，精简率70%。", "percentage", D(80, 20, 70)),
    ("change-rate-rise", "网上可办事项由120项增加到180项，增长率为60%。", "percentage", D(120, 180, 60)),
    ("change-rate-ok", "审批事项由原来的80项精简到20项，精简率75%。", "percentage", None),
    ("change-diff-wrong", "行政审批事项由96项减少到71项，减少了35项。", "delta", D(96, 71, 35)),
    ("change-diff-ok", "行政审批事项由96项减少到71项，减少了25项。", "delta", None),

    # ---------------------------------------------------------------- delta: the 2019 table 二
    ("table-delta-wrong", TABLE_2019.format(prose="本年度公布行政许可事项230项，行政处罚事项96项。"),
     "delta", D(200, 10, 230)),
    ("table-delta-fee", TABLE_2019.format(prose="现有行政事业性收费项目7项。"), "delta", D(8, -2, 7)),
    ("table-delta-ok", TABLE_2019.format(prose="本年度公布行政许可事项210项，行政处罚事项96项，行政强制事项12项。"),
     "delta", None),

    # ---------------------------------------------------------------- implausible figures
    ("fraction-people", "政务微博现有粉丝3.5名。", "implausible", D(3.5)),
    ("fraction-households", "本月走访困难户12.5户。", "implausible", D(12.5)),
    ("fraction-fullwidth", "公众号新增关注用户２．５名。", "implausible", D(2.5)),
    ("fraction-ok", "政务微博现有粉丝3.5万名，人均阅读2.5次，办理时限平均缩短2.5个工作日。", "implausible", None),
    ("average-above-total", "网站全年访问量达46人次，日均访问量1260人次。", "implausible", D(46, 1260)),
    ("average-traditional", "網站全年訪問量達46人次，日均訪問量1260人次。", "implausible", D(46, 1260)),
    ("average-ok", "网站全年访问量达46万人次，日均访问量1260人次。", "implausible", None),
    ("percent-over-100", "群众满意率为108.5%。", "implausible", D(108.5)),
    ("percent-over-100-ok", "群众满意率为98.5%，同比增长120%。", "implausible", None),

    # ---------------------------------------------------------------- dates
    ("date-published-early", "某县2021年政府信息公开工作年度报告\n发布日期：2021-12-20\n"
                             "本报告所列数据统计期限自2021年1月1日起至2021年12月31日止。", "date", D(2021)),
    ("date-signed-early", "本报告统计期限自2019年1月1日起至2019年12月31日止。\n一、总体情况\n全年工作有序开展。\n"
                          "某某区人民政府\n2019年12月10日\n", "date", D(2019)),
    ("date-signed-chinese", "某镇2018年政府信息公开工作年度报告\n全年未收到申请。\n某镇人民政府\n二〇一八年十一月二十日\n",
     "date", D(2018)),
    ("date-signed-letter-o", "某乡2016年政府信息公开工作年度报告\n全年未收到申请。\n某乡人民政府\n二O一六年十二月二十八日\n",
     "date", D(2016)),
    ("date-traditional-early", "某縣2020年政府信息公開工作年度報告\n發布日期：2020-11-30\n全年未收到申請。",
     "date", D(2020)),
    ("date-other-year", "本报告统计期限自2023年1月1日起至2023年12月31日止。现将本局2022年度政府信息公开工作情况报告如下。",
     "date", D(2022, 2023)),
    ("date-deadline-department", "某市交通运输局2022年政府信息公开工作年度报告\n发布时间：2023-03-18\n"
                                 "统计期限自2022年1月1日起至2022年12月31日止。", "date", D(2022)),
    ("date-previous-report", "本报告统计期限自2016年1月1日起至2016年12月31日止。对照本区2015年度政府信息公开工作报告提出的问题，"
                             "逐项整改。", "date", None),
    ("date-ok", "某县2021年政府信息公开工作年度报告\n发布日期：2022-01-20\n"
                "本报告所列数据统计期限自2021年1月1日起至2021年12月31日止。", "date", None),
    ("date-past-year-comparison", "某区2016年政府信息公开工作年度报告\n发布日期：2017-02-10\n"
                                  "仅2014年，我区就投入210万元建设平台；2016年较上年申请量增长。", "date", None),
    ("date-government-deadline", "某市人民政府2022年政府信息公开工作年度报告\n发布时间：2023-03-18\n"
                                 "统计期限自2022年1月1日起至2022年12月31日止。", "date", None),
    ("date-old-rules-deadline", "某市交通运输局2013年政府信息公开工作年度报告\n发布时间：2014-03-20\n", "date", None),

    # ---------------------------------------------------------------- numbering
    ("numbering-gap", "一、总体情况\n（一）加强领导\n（二）完善制度\n（四）强化监督\n二、主动公开情况", "numbering", []),
    ("numbering-lost-shi", "一、总体情况\n一是健全机制。二是压实责任。三是完善平台。是强化考核。\n二、主动公开情况",
     "numbering", []),
    ("numbering-second-without-first", "一、主动公开情况\n（一）推进服务公开。主要是完善窗口指南；二是公开办事流程。",
     "numbering", []),
    ("numbering-digits-gap", "一、工作措施\n1.健全制度\n2.规范流程\n4.强化考核\n二、存在问题", "numbering", []),
    ("numbering-traditional-gap", "一、總體情況\n二、主動公開情況\n四、存在的主要問題", "numbering", []),
    ("numbering-ok", "一、总体情况\n（一）加强领导\n一是健全机制。二是压实责任。\n（二）完善平台\n1.建设网站\n2.维护栏目\n"
                     "二、主动公开情况\n（一）公开内容\n", "numbering", None),
    ("numbering-table-rows", "一、总体情况\n二、主动公开情况\n三、收到和处理政府信息公开申请情况\n"
                             "| 一、本年新收政府信息公开申请数量 | 3 |\n| 二、上年结转政府信息公开申请数量 | 0 |\n"
                             "| 三、本年度办理结果 | 3 |\n| 四、结转下年度继续办理 | 0 |\n"
                             "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况", "numbering", None),
    ("numbering-references", "一、总体情况\n按照第二十条第（一）项、第（五）项的规定公开。\n二、主动公开情况", "numbering", None),

    # ---------------------------------------------------------------- brackets
    ("bracket-close-unopened", "依据《政府信息公开条例》以下简称《条例》），推进公开。", "bracket", []),
    ("bracket-unclosed", "全面推进五公开（决策、执行、管理、服务、结果公开。", "bracket", []),
    ("bracket-quote", "坚持“公开为常态、不公开为例外”原则，推进“放管服改革。", "bracket", []),
    ("bracket-traditional", "依據《條例》（以下簡稱《條例》，推進公開。", "bracket", []),
    ("bracket-ok", "依据《政府信息公开条例》（以下简称《条例》），推进“五公开”，【通知】已发布。", "bracket", None),
    ("bracket-list-markers", "工作分为三步：1)梳理目录；2)编制指南；3)上线发布。", "bracket", None),
    ("bracket-wrapped-line", "按照《国务院办公厅关于做好政府信息公开工作的通知》（国办\n发〔2022〕12号）要求开展工作。",
     "bracket", None),
]


# Whole reports written to hold every structure in a correct form: none may give a
# finding of the prose kinds (a guard against false alarms between structures).
CLEAN_REPORTS = [
    pytest.param("""\
某市生态环境局2022年政府信息公开工作年度报告
本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。
一、总体情况
2022年，我局坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果“五公开”。
（一）主动公开
全年主动公开政府信息3250条，其中政策文件128条，工作动态1860条，通知公告562条，其他信息700条。通过门户网站发布信息2980条，通过政务微博发布1530条，通过政务微信发布1722条。
召开新闻发布会12场，其中主要负责同志出席5场。发布政策解读材料56篇，其中图文解读30篇、视频解读10篇。
共有政务新媒体账号45个，其中微博12个、微信33个。全年办理人大代表建议和政协委员提案68件，办结率100%。
（二）依申请公开
全年共收到政府信息公开申请120件，其中当面申请20件、网络申请80件、信函申请20件；共办结118件，结转下年度2件。办结的申请中，予以公开60件，占50.8%；部分公开20件，不予公开10件，无法提供25件，不予处理3件。
平均每件申请办理用时6.5个工作日，较上年缩短1.5个工作日。受理群众诉求1860件，按时办结1832件，按时办结率98.49%。
（三）政府信息管理
对现行有效的规范性文件进行清理，由原来的212件精简到168件，精简率20.75%，精简44件。办理时限由20个工作日压缩至8个工作日。
全局共有工作人员85人，其中专职人员3人、兼职人员12人。人均参加培训2.5次。网站全年访问量达120万人次，日均访问量3288人次。
（四）平台建设
网站首页设置“政务公开”专栏，包括机构职能、政策文件、规划计划等12个子栏目。今年1、2月份集中开展栏目清理。
（五）监督保障
一是健全制度。二是强化考核。三是开展培训。全年组织培训3次，参训人员累计260人次。
二、主动公开政府信息情况
| 第二十条第（一）项 | | | |
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 5 | 2 | 168 |
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
全年发生行政复议案件3件，其中维持2件、纠正1件；行政诉讼2件，其中驳回原告诉讼请求2件。
五、存在的主要问题及改进情况
存在问题：一是解读形式单一。二是基层公开有待加强。改进措施：一是丰富解读形式。二是加强基层指导。
六、其他需要报告的事项
本年度未收取信息处理费。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定执行。按照第二十条第（五）项规定公开行政许可信息。
某市生态环境局
2023年1月20日
""", id="clean-simplified"),
    pytest.param("""\
某縣人民政府辦公室2021年政府信息公開工作年度報告
一、總體情況
（一）主動公開。全年主動公開政府信息１２８０條，同比增長１５.３％。其中，通過縣政府門戶網站公開９８０條，佔７６.６％；通過政務新媒體公開３００條，佔２３.４％。
（二）依申請公開。本年度共收到政府信息公開申請55件，上年結轉3件。辦結52件，其中予以公開30件、部分公開8件、不予公開4件、無法提供7件、不予處理2件、其他處理1件；結轉下年度6件。
（三）政府信息管理。全年制發行政規範性文件12件，廢止3件，現行有效86件。行政許可事項由原來的156項精簡至98項，精簡58項，精簡比例37.2%。
（四）平台建設。政府網站全年發布信息2.3萬條，日均發布63條。網站累計訪問量突破500萬人次，日均訪問量1.2萬人次。
（五）監督保障。全縣共有政府信息公開工作人員126名，其中專職38名，兼職88名。全年開展培訓6期，培訓人員620人次，平均每期103.3人次。
二、存在的主要問題及改進情況
一是公開內容不夠全面；二是解讀質量有待提升；三是基層公開標準化水平不高。下一步，一是拓展公開內容；二是提升解讀質量；三是推進基層標準化。
三、其他需要報告的事項
收取信息處理費0元。全年辦理人大建議45件、政協提案62件，辦結率均為100%，滿意率98.5%。
某縣人民政府辦公室
2022年1月25日
""", id="clean-traditional-fullwidth"),
    pytest.param("""\
某区2020年政府信息公开工作年度报告
本报告由总体情况、主动公开政府信息情况等六部分组成。所列数据统计时间为2020年1月1日至2020年12月31日。
一、总体情况
对照本区2019年度政府信息公开工作年度报告提出的问题，逐项整改。与2019年相比，申请量下降12.5%。
全年共收到申请120件，予以公开60件，部分公开20件，不予公开10件，公开率66.7%。
覆盖全区12个镇街，覆盖率100%。按10%的比例开展抽查，抽查网站62个，其中合格58个。
区政务服务中心占地面积3000平方米，设窗口48个。发放问卷500份，收回480份，满意450份，满意率93.75%。
全年组织培训5次，其中专题培训3次。累计接待群众2.6万人次，日均接待106人次。
（一）主动公开
主动公开政府信息2300条。具体为：政策文件180条，工作动态1200条，通知公告520条，其他400条。
政务微博粉丝数达12.5万人，较上年增长8.2%。一年来共开展“政府开放日”活动6场，参与群众320人次。
（二）依申请公开
共收到申请120件，其中自然人申请110件，法人或其他组织申请10件。上年结转5件。共办结118件，结转下年度7件。
（三）政府信息管理
一是规范发布流程。二是加强保密审查。三是建立动态更新机制。
（四）平台建设
1.优化网站栏目。2.完善公开专栏。3.强化新媒体管理。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议、行政诉讼案件。
五、存在的主要问题及改进情况
（一）存在问题。部分单位重视不够。
（二）改进措施。加强培训指导。
六、其他需要报告的事项
无。
某区人民政府办公室
2021年1月28日
""", id="clean-references-and-rates"),
]
PROSE_KINDS = ("prose_sum", "percentage", "delta", "implausible", "date", "numbering", "bracket")


@functools.lru_cache(maxsize=None)
def rules() -> audit.RuleSet:
    return audit.load_rules()


def findings_of(text: str, kind: str) -> list:
    result = check_document(document_from_text(text), rules())
    return [f for f in result.findings if f.kind == kind]


@pytest.mark.parametrize("text, kind, values", [pytest.param(t, k, v, id=i) for i, t, k, v in CASES])
def test_structure(text, kind, values):
    found = findings_of(text, kind)
    if values is None:
        assert not found, [(f.rule, f.values) for f in found]
    else:
        assert [list(f.values) for f in found] == [values], [(f.rule, f.severity, f.values) for f in found]


@pytest.mark.parametrize("text", CLEAN_REPORTS)
def test_clean_report(text):
    result = check_document(document_from_text(text), rules())
    assert [(f.rule, f.values) for f in result.findings if f.kind in PROSE_KINDS] == []


@pytest.mark.parametrize("text", [
    # 另有 adds a statement after a list: it is no residual bucket that closes the list
    "2022年度，本单位共办结申请45件，其中予以公开18件、部分公开5件，另有3件结转下年度继续办理。",
    "全年受理投诉52件，其中办结40件，另有12件正在调查核实。",
    "全年共办结申请61件，其中按时办结59件，延期办结2件，尚有3件正在办理中。",
])
def test_a_statement_after_a_list_does_not_make_it_exhaustive(text):
    result = check_document(document_from_text(text), rules())
    assert [(f.rule, f.values) for f in result.findings if f.kind == "prose_sum" and f.severity == "error"] == []


@pytest.mark.parametrize("text, severity", [
    ("全年主动公开政府信息860条，其中通过门户网站公开700条，通过政务微博公开120条，通过其他方式公开90条。", "info"),
    ("全年共受理群众来信512件，其中咨询类230件、求决类182件、其他110件。", "error"),
    ("为群众办理医保转移接续2460人（其中：城镇职工1500人、城乡居民900人），涉及资金35.6万元。", "warning"),
    ("共梳理事项65项，其中网上可办20项，所占比例为30%。", "warning"),
    ("市民热线共受理来电52000件。已办理群众诉求48000件，诉求办理率99%。", "warning"),
    ("全区梳理政务服务事项820项，其中可全程网办615项，占比85%。", "error"),
    ("本报告统计期限自2019年1月1日起至2019年12月31日止。\n某某区人民政府\n2019年12月10日\n", "warning"),
    ("某市交通运输局2022年政府信息公开工作年度报告\n发布时间：2023-03-18\n统计期限自2022年1月1日起至2022年12月31日止。",
     "info"),
])
def test_severity(text, severity):
    """Channels, near-complete lists, truncation and an uncertain base lower the severity."""
    result = check_document(document_from_text(text), rules())
    mine = [f for f in result.findings if f.kind in ("prose_sum", "percentage", "date")]
    assert [f.severity for f in mine] == [severity]


def test_uncertain_base_is_named():
    """A rate whose base comes from another sentence: a warning that says which base it assumed."""
    result = check_document(document_from_text("市民热线共受理来电52000件。已办理群众诉求48000件，诉求办理率99%。"), rules())
    finding = next(f for f in result.findings if f.kind == "percentage")
    assert finding.severity == "warning"
    assert "52000" in finding.message
    assert finding.left and finding.right and finding.relation


def test_findings_carry_their_facts_in_original_characters():
    text = "全年發布信息３０４條。其中，機構職能類２１０條，政策文件類１０４條。"
    doc = document_from_text(text)
    finding = next(f for f in check_document(doc, rules()).findings if f.kind == "prose_sum")
    assert [f.raw for f in finding.facts] == ["３０４條", "２１０條", "１０４條"]
    assert all(f.source == "prose" and text[f.start:f.end] == f.raw for f in finding.facts)
    assert finding.start == finding.facts[0].start


# ---------------------------------------------------------------- the seeds' must_not_flag relations


@functools.lru_cache(maxsize=None)
def seed(name: str):
    path = next(FIXTURES.glob(f"{name}_*.txt"))
    return check_document(load_document(path), rules())


def values_of(result, kind: str) -> list:
    return [[float(v) for v in f.values] for f in result.findings if f.kind == kind]


def test_003_rate_with_summed_numerator():
    """立案率41.95% = (2788+555)/7969."""
    assert not any(41.95 in v for v in values_of(seed("003"), "percentage"))


def test_003_shares_written_without_decimals():
    """一次办1486项占比100% (99.93% rounds to 100%) and 网上办1487项占比100%."""
    shares = values_of(seed("003"), "percentage")
    assert not any(1486 in v or 100 in v for v in shares)
    assert sorted(v[0] for v in shares if v[1] == 1487) == [759, 1047]


def test_003_breakdown_and_deltas_that_hold():
    """网站发布信息5702 = 12 + 816 + 3307 + 1567; 行政处罚 1653 + 417 = 2070, 行政强制 160 − 33 = 127."""
    result = seed("003")
    assert not values_of(result, "prose_sum")
    assert values_of(result, "delta") == [[750, -257, 479]]


def test_003_table_rows_are_not_sections():
    """Table row 四、结转下年度继续办理 followed by section 四、因政府信息公开申请… is no break."""
    assert not values_of(seed("003"), "numbering")


def test_001_requests_split_in_two():
    """受理诉求37706件 = 当时回复21308 + 转部门办理16398; 年内办结率 has no stated numerator."""
    result = seed("001")
    assert not any(37706 in v for v in values_of(result, "prose_sum"))
    assert not values_of(result, "percentage")


def test_004_breakdowns_that_add_up():
    """资助参保11574人 = 7393+3609+338+234; categories and channels both sum to 7718;
    临时救助 mixes 人次 and 万元: no breakdown."""
    assert not values_of(seed("004"), "prose_sum")


def test_004_numbering_ignores_the_table():
    """Table row labels 一、…九、 are no sections: only the (九) paragraph's 二是 is reported."""
    found = [f for f in seed("004").findings if f.kind == "numbering"]
    assert len(found) == 1 and [fact.raw for fact in found[0].facts] == ["二是"]


def test_000_past_year_and_table_labels():
    """仅2015年…163万元 is a past-year comparison; table row labels 一.…九. are not sections."""
    result = seed("000")
    assert not values_of(result, "date")
    assert not values_of(result, "numbering")


def test_002_zero_applications_agree():
    assert not values_of(seed("002"), "prose_sum")


NESTED = """行政诉讼3件，其中未经复议直接起诉2件，法院判决驳回原告诉讼请求1件、原告撤诉1件；复议后起诉1件，尚未审结。
| 行政复议 | 行政诉讼 |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 0 | 0 | 0 | 0 | 0 | 1 | 0 | 1 | 0 | 2 | 0 | 0 | 0 | 1 | 1 |
| 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
"""


def test_the_outcomes_of_an_item_are_not_items_beside_it():
    """直接起诉2件，法院判决驳回1件、原告撤诉1件: the outcomes of the 2 (their cells are its parts),
    not more lawsuits: the list is 2 + 1 = 3."""
    result = check_document(document_from_text(NESTED), rules())
    assert [f.values for f in result.findings if f.kind == "prose_sum"] == []
