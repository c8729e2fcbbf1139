"""Names, streets and needs the demo people are drawn from (all fictional combinations)."""

from dataclasses import dataclass

NAME_GROUPS = """
62 | white_british
female: Susan Karen Julie Sarah Emma Rebecca Lisa Joanne Claire Nicola Helen Amanda Jennifer
female: Margaret Patricia Jean Sandra Brenda Pauline Christine Chloe Jade Megan Sophie Lauren
female: Amy Shannon Kelly Dawn Tracey Doreen Joan Elsie Irene Maureen Sheila Gail Beverley Kirsty
male: David John Michael Paul Andrew Mark Stephen Peter Gary Darren Craig Lee Wayne Kevin Ian Neil
male: Graham Keith Barry Terry Ronald Kenneth Brian Derek Jack Liam Ryan Jordan Callum Connor
male: Nathan Jamie Thomas Daniel Harry Dean Stuart Alan Gordon Trevor
family: Smith Jones Taylor Brown Wilson Walker Wood Robinson Thompson Wright Hall Green Clarke
family: Jackson Hughes Turner Hill Moore Harrison Atkinson Barker Holmes Shaw Marshall Hirst
family: Sykes Haigh Ackroyd Bairstow Binns Crabtree Dobson Firth Gledhill Greenwood Halliday
family: Hepworth Lockwood Mitchell Nicholson Pickles Ramsden Speight Sutcliffe Whiteley Rhodes
family: Womersley Naylor Exley Kitson Lumb Myers Fawcett Illingworth Pearson Stead Wainwright

5 | mixed_white_black_caribbean mixed_white_asian mixed_white_black_african mixed_other
female: Jasmine Chantelle Aaliyah Tia Kayla Maya Leah Mia Nia Ella
male: Jordan Tyrese Kai Reuben Isaac Malik Joel Ethan Tyler Zane
family: Campbell Francis Grant Reid Thompson Walker Clarke Bennett Allen Harris

2 | white_irish
female: Siobhan Mary Bridget Aoife Niamh Kathleen
male: Sean Patrick Declan Liam Ciaran Michael
family: Murphy Kelly O'Brien Byrne Ryan Doyle Gallagher McCarthy Walsh Quinn

8 | asian_pakistani
female: Ayesha Fatima Nasreen Shazia Rubina Samina Amina Zainab Maryam Nadia Parveen Sadia
male: Mohammed Imran Tariq Asif Zubair Kamran Shahid Abdul Bilal Usman Rashid Nadeem
family: Khan Hussain Ahmed Ali Iqbal Akhtar Mahmood Rashid Bashir Aslam Butt Shah Riaz
languages: 0.2, Urdu, Punjabi

4 | asian_indian
female: Priya Anjali Sunita Manjit Harpreet Kiran Neha Jaswinder Rekha
male: Rajesh Sanjay Gurpreet Harjit Amarjit Vikram Arjun Sukhdev Ravi
family: Patel Singh Kaur Sharma Gill Sandhu Mistry Chauhan Bains Dhillon
languages: 0.15, Punjabi, Gujarati

1 | asian_bangladeshi
female: Rahima Shirin Taslima Nazma Rokeya
male: Abdul Mizanur Shamim Kamal Jamal
family: Miah Begum Uddin Rahman Islam Chowdhury
languages: 0.35, Bengali, Sylheti

4 | white_other
female: Agnieszka Katarzyna Magdalena Joanna Monika Ewa
male: Tomasz Piotr Krzysztof Marcin Pawel Andrzej
family: Nowak Wojcik Kowalczyk Mazur Krawczyk Zielinski Lewandowski
languages: 0.4, Polish

2 | white_other white_roma
female: Ioana Elena Andreea Maria Simona
male: Mihai Andrei Ionut Florin Gabriel
family: Popescu Ionescu Stan Dumitru Constantin Lungu
languages: 0.5, Romanian

1 | white_roma
female: Lenka Jana Zuzana Monika Renata
male: Marek Lukas Jozef Milan Roman
family: Balog Horvath Kotlar Lakatos Dudas
languages: 0.6, Slovak, Czech

4 | black_african
female: Grace Blessing Esther Chipo Amara Mercy Folake
male: Emmanuel Samuel Tendai Kwame Chinedu Kofi Tunde
family: Okafor Mensah Moyo Adeyemi Nkomo Osei Okonkwo Dube

1 | black_african
female: Abeba Senait Helen Saba
male: Yonas Tesfaye Dawit
family: Tesfay Gebremedhin Haile Kidane
languages: 0.7, Tigrinya

1 | black_african
female: Hodan Fatuma Sahra Ubah
male: Abdi Mohamed Ahmed
family: Abdi Mohamud Farah Warsame
languages: 0.5, Somali

2 | black_caribbean
female: Marcia Paulette Yvonne Hyacinth Jasmine
male: Winston Delroy Errol Clive Marcus
family: Campbell Brown Williams Francis Grant Johnson Clarke Reid

1 | asian_chinese
female: Mei Xiu Wing Lan
male: Wei Jun Hao Kwok
family: Chen Wong Li Zhang Lam Cheung
languages: 0.5, Cantonese, Mandarin

2 | other_arab other
female: Layla Noor Rania Shilan Hana Dilan
male: Omar Karwan Hussein Yousef Rebwar Ahmed
family: Hassan Abdullah Ibrahim Karim Mustafa Salih Aziz
languages: 0.55, Arabic, Kurdish (Sorani)
"""
NICKNAMES = {
    "Susan": "Sue",
    "Margaret": "Maggie",
    "Patricia": "Pat",
    "Jennifer": "Jen",
    "Kenneth": "Ken",
    "Michael": "Mick",
    "Stephen": "Steve",
    "Ronald": "Ron",
    "Mohammed": "Mo",
    "Katarzyna": "Kasia",
    "Agnieszka": "Aga",
    "Christine": "Chris",
}
STREETS = [
    *("Victoria Road", "Church Lane", "Park Avenue", "Station Road", "Moor View", "Beck Side"),
    *("Mill Street", "Chapel Street", "Town Street", "Back Lane", "Grange Crescent", "Oak Road"),
    *("Hollin Drive", "Aire View", "Cross Green", "Ash Grove", "Elm Terrace", "Manor Close"),
    *("Kirk Lane", "Garden Street", "Hawthorn Way", "Low Fold", "Hillside Rise", "Beech Walk"),
]
BLOCKS = ["Clyde House", "Ash Court", "Brookside Heights", "Millgarth House", "Parkview Court"]
# Each instruction goes with the contact method it leaves open.
SAFE_CONTACT = [
    ("phone", "No voicemails. If someone else answers, say it is the surgery and ring off."),
    ("letter", "Write care of the practice, not to the home address; letters are collected."),
    ("text", "Text before calling. Only call on weekdays between 10am and 2pm."),
    ("phone", "Shares a phone with family: say the call is about an appointment, nothing more."),
    ("email", "Email only. No letters to the home address."),
]
ACCESSIBILITY = [
    "Wheelchair user: needs a ground-floor room",
    "Please send letters in large print",
    "Hearing loss: prefers face to face or text messages, not phone calls",
    "Has a learning disability: needs easy-read information and extra time",
    "Sight loss: prefers phone calls to letters",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class NameGroup:
    weight: int
    ethnicities: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    other_language_rate: float = 0.0
    languages: tuple[str, ...] = ()


def _name_groups() -> list[NameGroup]:
    groups = []
    for block in NAME_GROUPS.strip().split("\n\n"):
        header, *lines = block.splitlines()
        weight, ethnicities = header.split(" | ")
        values: dict[str, list[str]] = {"female": [], "male": [], "family": [], "languages": []}
        for line in lines:
            label, _, text = line.partition(": ")
            values[label] += text.split(", ") if label == "languages" else text.split()
        rate, *languages = values.pop("languages") or ["0"]
        names = {label: tuple(names) for label, names in values.items()}
        groups.append(
            NameGroup(
                int(weight),
                tuple(ethnicities.split()),
                **names,
                other_language_rate=float(rate),
                languages=tuple(languages),
            )
        )
    return groups


GROUPS = _name_groups()
