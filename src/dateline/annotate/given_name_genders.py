"""The gender a given name tells, for names that tell one across the languages of wire copy.

Read only as the first word of a person's name ("Saddam Hussein" is a man by "Saddam"): many
given names are also family names in the traditions that name a child after a father
("Lubna Hussein", "Muhammad Ali"), so a later word says nothing. Left out are names borne by
men in one language and women in another ("Jean", "Andrea", "Nicola", "Michele", "Kim"),
and most Chinese given names, which tell no gender in romanisation.
"""

from __future__ import annotations

from typing import Final

_MALE: Final = {
    "English": (
        "john james david michael robert william richard thomas charles george peter paul "
        "mark donald tony gordon joe bill mike steve andrew chris daniel matthew jim tom bob "
        "barack jeremy nick ed ben sam alan keith kevin brian henry jack harry frank stephen "
        "steven edward ronald gerald harold kenneth anthony christopher patrick dennis larry "
        "gary scott eric jeffrey ryan jason adam nathan colin nigel gareth jonathan douglas"
    ),
    "Arabic and Persian": (
        "muhammad mohammed mohammad muhammed mohamed ahmed ahmad hassan hussein hussain omar "
        "umar abdullah abdul abdel khalid mahmoud mahmud ibrahim ismail yusuf youssef mustafa "
        "saddam osama nouri nuri bashar hosni hamid tariq rashid salim saleh jamal walid "
        "nabil ayman mahmoud moqtada muqtada ali akbar mir"
    ),
    "Slavic": (
        "sergei sergey dmitry dmitri vladimir boris mikhail igor alexei alexey nikolai yuri "
        "viktor ivan andrei oleg anatoly gennady vitaly yevgeny evgeny pavel slobodan "
        "vojislav zoran gleb aleksandr alexander"
    ),
    "Romance": (
        "jacques pierre francois nicolas lionel laurent romano silvio giuseppe giorgio mario "
        "massimo carlo luigi jose juan carlos luis jorge manuel pedro miguel fernando ernesto "
        "hugo felipe antonio francisco rafael alvaro evo luiz fidel raul hector"
    ),
    "German, Dutch and Nordic": (
        "gerhard helmut joschka klaus hans wolfgang franz horst anders lars nils sven olof "
        "jens henrik johan"
    ),
    "Hebrew": "ehud ariel shimon yitzhak avigdor moshe binyamin eliakim",
    "South Asian": "pervez nawaz manmohan atal narendra rahul",
    "African": "kofi thabo jacob olusegun yoweri umaru",
    "Japanese": "shinzo junichiro yasuo taro naoto yoshihiko shigeru ichiro",
}
_FEMALE: Final = {
    "English": (
        "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa "
        "margaret betty sandra emily donna michelle hillary theresa angela anna maria helen "
        "ruth laura julia alice kate catherine jane emma claire diane ann anne condoleezza "
        "madeleine ellen julie christine caroline"
    ),
    "Arabic and Persian": "fatima fatma aisha khadija zainab layla leila mariam maryam shirin",
    "Slavic": (
        "olga natalia natalya irina yulia tatiana tatyana svetlana elena yelena ludmila "
        "galina ekaterina"
    ),
    "Romance": "marie sophie segolene isabelle nathalie martine carmen lucia isabel sofia dilma",
    "German, Dutch and Nordic": "ursula gerda neelie ingrid karin birgitta kirsten helle ulla",
    "South Asian": "benazir indira sonia sushma mayawati pratibha",
    "Southeast Asian": "megawati gloria corazon yingluck",
    "Japanese": "yuko yoko keiko akiko kyoko hiroko michiko noriko tomoko yuriko",
}

GIVEN_NAME_GENDERS: Final[dict[str, str]] = {
    name: gender
    for lists, gender in ((_MALE, "male"), (_FEMALE, "female"))
    for names in lists.values()
    for name in names.split()
}


def gender_of_given_name(name: str) -> str | None:
    """ "male" or "female" as the first word of ``name`` tells it, else None."""
    words = name.split()
    return GIVEN_NAME_GENDERS.get(words[0].lower().strip(".,")) if words else None
