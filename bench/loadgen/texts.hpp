// What the generated visitors and consultants say: realistic consultation lines (no quotes or
// backslashes, so they drop into JSON as they are). The consultant's lines raise no finding, so
// the measured traffic is the relay's, not a stream of alerts; the analyzer still reads each one.
#pragma once

#include <array>
#include <string_view>

namespace loadgen {

inline constexpr std::array<std::string_view, 16> visitor_lines{
    "你好，我想咨询一下，最近小便的时候有点刺痛，这是什么原因？",
    "大概一个星期了，晚上起夜也比以前多。",
    "需要做哪些检查？大概多少钱？",
    "我和我爱人在一起一年了她都没有怀孕，是不是我们谁有问题？",
    "一侧输卵管切除还能怀孕吗？",
    "你们医院周六上班吗？我工作日请不了假。",
    "检查要空腹吗？",
    "去年做过一次B超，说是有点炎症，吃了药好了一阵又犯了。",
    "医生是男的还是女的？我有点不好意思。",
    "挂号要提前多久？可以在网上预约吗？",
    "我在城东，到你们那里坐地铁方便吗？",
    "如果要手术的话，需要住院几天？",
    "医保可以报销吗？",
    "好的，那我明天上午过去，要带什么东西吗？",
    "孩子发烧三天了，吃了退烧药又烧起来，需要去医院吗？",
    "最近月经推迟了十来天，验孕棒是一条杠。",
};

inline constexpr std::array<std::string_view, 16> consultant_lines{
    "您好，很高兴为您服务，请问您这种情况持续多长时间了？",
    "根据您描述的症状，建议您尽早到医院做一个尿常规和前列腺液检查，明确原因再对症治疗。",
    "常规检查的费用在两百元左右，具体以医生开具的项目为准。",
    "夫妻双方都建议做一个基础检查，女方查激素六项和输卵管情况，男方查精液常规。",
    "一侧输卵管切除，另一侧通畅并且排卵正常的话，是有自然怀孕机会的。",
    "我们医院周六周日正常上班，上午八点到下午五点半。",
    "抽血检查需要空腹，建议您早上不要吃东西，可以少量喝水。",
    "炎症反复发作多半是治疗不彻底，这次建议做个药敏试验，用药更有针对性。",
    "我们有男医生也有女医生，您可以指定，就诊环境也很注重隐私。",
    "可以在线预约，我这边帮您登记一个明天上午的号，请问您怎么称呼？",
    "坐地铁二号线到人民医院站，从二号出口出来步行三百米就到了。",
    "如果需要手术，一般住院三到五天，具体要看检查结果。",
    "医保可以正常使用，门诊和住院都可以按规定报销。",
    "请带上身份证和医保卡，以前的检查报告也一起带来给医生参考。",
    "孩子反复发烧三天，建议今天就来医院查个血常规，看看是不是细菌感染。",
    "月经推迟十天以上建议来医院做个血HCG和B超，排除其他原因。",
};

}  // namespace loadgen
