[playlist]
NumberOfEntries=3
File1=file:///home/anna/Music/Hania%20Rani/Esja/Eden.flac
Title1=Hania Rani - Eden
File2=file:///home/anna/Music/Stars%20of%20the%20Lid/Requiem%20for%20Dying%20Mothers%2C%20Pt.%201.mp3
File3=http://radio.example.org/drone.mp3
